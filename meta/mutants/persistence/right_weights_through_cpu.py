"""Portable weights: saved from CPU copies, loaded on the CPU and copied by load_state_dict into the
model's own parameters, wherever they live (model.to() after loading is then not needed).

expect: pass
"""
import torch


def save_weights(model, path):
    torch.save({name: tensor.cpu() for name, tensor in model.state_dict().items()}, path)


def load_weights(model, path):
    state_dict = torch.load(path, map_location="cpu", weights_only=True)
    model.load_state_dict(state_dict, strict=True)
    return model.eval()
