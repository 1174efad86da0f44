"""save_weights pickles the whole model (the page's 1.9.2 call in 1.9.1's place).

expect: fail test_save_weights_writes_a_pure_state_dict
expect: fail test_save_weights_includes_buffers
"""
import torch


def save_weights(model, path):
    torch.save(model, path)
