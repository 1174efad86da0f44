"""Caches the unpickled model by path ("loading is slow"): the second load of a path hands out the same
object, and a file saved again at that path still loads as the old model.

expect: fail test_load_model_round_trips_from_the_reference_save
"""
import functools

import torch


@functools.lru_cache(maxsize=None)
def load_model(path):
    model = torch.load(path, weights_only=False)
    return model.eval()
