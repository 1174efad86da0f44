"""Returns a Python list of ints (.tolist()), not a tensor.

expect: fail test_predict_returns_argmax_of_logits
expect: fail test_predict_returns_one_index_per_sample
expect: fail test_predict_returns_int64_class_indices
"""
import torch


def predict(model, x):
    model.eval()
    with torch.no_grad():
        return model(x).argmax(1).tolist()
