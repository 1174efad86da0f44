"""load_model sets requires_grad = False on every parameter "for inference".

expect: fail test_load_model_keeps_parameters_trainable
"""
import torch


def load_model(path):
    model = torch.load(path, weights_only=False)
    for param in model.parameters():
        param.requires_grad = False
    return model.eval()
