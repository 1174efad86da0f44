"""argmax(0): the best sample per class instead of the best class per sample.

expect: fail test_predict_returns_argmax_of_logits
expect: fail test_predict_returns_one_index_per_sample
"""
import torch


def predict(model, x):
    model.eval()
    with torch.no_grad():
        return model(x).argmax(0)
