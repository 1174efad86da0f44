"""save_weights saves the named parameters: the buffers (BatchNorm's running statistics) are lost.

expect: fail test_save_weights_includes_buffers
"""
import torch


def save_weights(model, path):
    torch.save({name: p.detach() for name, p in model.named_parameters()}, path)
