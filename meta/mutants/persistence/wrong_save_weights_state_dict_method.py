"""save_weights forgets the parentheses: torch.save(model.state_dict, path) pickles the bound method,
and with it the whole model.

expect: fail test_save_weights_writes_a_pure_state_dict
"""
import torch


def save_weights(model, path):
    torch.save(model.state_dict, path)
