"""save_weights calls model.eval() before saving: a checkpoint mid-training turns Dropout off for the epochs after.

expect: fail test_save_weights_leaves_the_model_in_training_mode
"""
import torch


def save_weights(model, path):
    model.eval()
    torch.save(model.state_dict(), path)
