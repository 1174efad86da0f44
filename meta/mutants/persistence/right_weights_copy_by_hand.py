"""load_weights copies each tensor by hand under no_grad after checking the key sets match exactly.

expect: pass
"""
import torch


def save_weights(model, path):
    torch.save(model.state_dict(keep_vars=False), path)


def load_weights(model, path):
    own = model.state_dict()
    sd = torch.load(path, weights_only=True, map_location="cpu")
    if sorted(own) != sorted(sd):
        raise RuntimeError("state_dict keys do not match the model")
    with torch.no_grad():
        for k, t in own.items():
            if t.shape != sd[k].shape:
                raise RuntimeError(f"size mismatch for {k}")
            t.copy_(sd[k])
    return model.eval()
