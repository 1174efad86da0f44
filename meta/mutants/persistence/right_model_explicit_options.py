"""Whole model with an explicit pickle protocol; loaded with weights_only=False (trusted file) and mapped
to the CPU: load_model's device is not part of the contract.

expect: pass
"""
import pickle

import torch


def save_model(model, path):
    torch.save(model, path, pickle_protocol=pickle.HIGHEST_PROTOCOL)


def load_model(path):
    model = torch.load(path, map_location="cpu", weights_only=False)
    model.eval()
    return model
