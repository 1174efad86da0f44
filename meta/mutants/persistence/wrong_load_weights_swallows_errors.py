"""load_weights catches every error and carries on with the model's current (random) weights.

expect: fail test_load_weights_raises_on_a_damaged_file
expect: fail test_load_weights_refuses_code_execution
"""
import torch


def load_weights(model, path):
    device = next(model.parameters()).device
    try:
        model.load_state_dict(torch.load(path, map_location=device, weights_only=True))
    except Exception as exc:
        print(f"could not load {path}: {exc}")
    return model.eval()
