"""load_weights copies tensor by tensor over the model's keys: extra keys are ignored, shapes broadcast.

expect: fail test_load_weights_rejects_missing_and_unexpected_keys
expect: fail test_load_weights_rejects_a_tensor_of_another_shape
"""
import torch


def load_weights(model, path):
    device = next(model.parameters()).device
    sd = torch.load(path, map_location=device, weights_only=True)
    with torch.no_grad():
        for name, t in model.state_dict().items():
            t.copy_(sd[name])
    return model.eval()
