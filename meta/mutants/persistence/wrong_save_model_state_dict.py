"""save_model writes the state_dict: there is no model left to unpickle, only its weights.

expect: fail test_save_model_writes_the_whole_module
"""
import torch


def save_model(model, path):
    torch.save(model.state_dict(), path)
