"""Weights written through an open file and read back from bytes in memory; own error for bad keys.

expect: pass
"""
import io
from collections import OrderedDict
from pathlib import Path

import torch


def save_weights(model, path):
    sd = OrderedDict((k, v.detach().clone()) for k, v in model.state_dict().items())
    with open(path, "wb") as f:
        torch.save(sd, f)


def load_weights(model, path):
    buf = io.BytesIO(Path(path).read_bytes())
    sd = torch.load(buf, map_location="cpu", weights_only=True)
    result = model.load_state_dict(sd, strict=False)  # copies onto the model's own device
    if result.missing_keys or result.unexpected_keys:
        raise KeyError(f"missing {result.missing_keys}, unexpected {result.unexpected_keys}")
    print(f"loaded {len(sd)} tensors from {path}")
    model.apply(lambda m: setattr(m, "training", False))
    return model
