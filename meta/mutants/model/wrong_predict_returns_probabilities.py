"""Returns the softmax probabilities, not the class indices.

expect: fail test_predict_returns_argmax_of_logits
expect: fail test_predict_returns_one_index_per_sample
expect: fail test_predict_returns_int64_class_indices
"""
import torch
from torch import nn


def predict(model, x):
    model.eval()
    with torch.no_grad():
        return nn.Softmax(dim=1)(model(x))
