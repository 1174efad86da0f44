"""A right save_model beside the page's `torch.load(path)` in load_model (refused since torch 2.6).

issue 15: the round trip used to fail save_model too. Now save_model is read back by the reference's
load_model and passes; only load_model's tests fail, with the spec's message and torch's error below it.

expect: fail test_load_model_round_trips_from_the_reference_save
expect: fail test_load_model_restores_the_whole_module
"""
import torch


def save_model(model, path):
    torch.save(model, path)


def load_model(path):
    return torch.load(path).eval()
