"""save_model pickles model.eval(): the caller's model leaves training mode.

expect: fail test_save_model_leaves_the_model_in_training_mode
"""
import torch


def save_model(model, path):
    torch.save(model.eval(), path)
