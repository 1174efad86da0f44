"""Saves a copy made once per path ("so training can go on while it is written"): a second save of the
same path writes the first model again.

expect: fail test_save_model_round_trips_through_the_reference_load
"""
import copy

import torch

_copies = {}


def save_model(model, path):
    snapshot = _copies.setdefault(str(path), copy.deepcopy(model))
    torch.save(snapshot, path)
