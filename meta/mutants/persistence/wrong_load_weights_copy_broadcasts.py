"""load_weights checks the key sets, then copies tensor by tensor with copy_: a (1,) bias broadcasts into (10,).

expect: fail test_load_weights_rejects_a_tensor_of_another_shape
"""
import torch


def load_weights(model, path):
    sd = torch.load(path, map_location="cpu", weights_only=True)
    own = model.state_dict()
    if set(sd) != set(own):
        raise KeyError(f"missing {sorted(set(own) - set(sd))}, unexpected {sorted(set(sd) - set(own))}")
    with torch.no_grad():
        for name, tensor in own.items():
            tensor.copy_(sd[name])
    return model.eval()
