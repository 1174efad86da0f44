"""model.train() at the end, whatever mode the model came in: a model in eval mode leaves in train mode.

expect: fail test_predict_leaves_model_in_eval_mode_or_as_it_was
"""
import torch


def predict(model, x):
    model.eval()
    with torch.no_grad():
        pred = model(x).argmax(dim=1)
    model.train()
    return pred
