"""predict moves the batch to "cuda" whatever the model's device (code written on a GPU machine).

mistake: hard_coded_cuda
page: model
expect: fail test_predict_returns_argmax_of_logits
"""

import torch


def predict(model, x):
    model.eval()
    with torch.no_grad():
        return model(x.to("cuda")).argmax(dim=1)
