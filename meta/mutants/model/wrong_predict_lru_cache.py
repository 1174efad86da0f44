"""Caches predictions with functools.lru_cache (tensors and modules hash by identity): after training, the
same model and batch give the old, stale predictions, and two calls hand out one tensor.

expect: fail test_predict_follows_the_models_current_weights_on_each_call
"""
import functools

import torch


@functools.lru_cache(maxsize=None)
def predict(model, x):
    model.eval()
    with torch.no_grad():
        return model(x).argmax(dim=1)
