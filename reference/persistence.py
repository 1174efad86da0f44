"""Tutorial 1.9 Save and load: weights (safely), whole models (trusted files), ONNX export.

Unpickling runs code: a .pth file can do anything its author wants when `pickle` reads it. Weights are
therefore loaded weights-only (torch's restricted unpickler: tensors, dicts, numbers), which is
torch.load's default since 2.6 and has no known bypass since 2.10. A whole pickled model needs the
full unpickler: load only files you wrote yourself.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn


def save_weights(model: nn.Module, path: str | Path) -> None:
    """Write the state_dict alone: plain tensors, loadable with weights_only=True."""
    # state_dict(): parameters and buffers (BatchNorm's running stats), name -> tensor, no classes.
    torch.save(model.state_dict(), path)


def load_weights(model: nn.Module, path: str | Path) -> nn.Module:
    """Load a state_dict weights-only (refuses files that would run code) and strictly; eval mode."""
    # map_location: a file saved on cuda:3 of a training box opens on this model's device, GPU or not.
    device = next(model.parameters()).device
    state_dict = torch.load(path, map_location=device, weights_only=True)
    # strict: a missing or unexpected key raises, naming them, instead of keeping random weights.
    model.load_state_dict(state_dict, strict=True)
    return model.eval()  # eval() reaches every submodule (Dropout, BatchNorm); .training = False does not


def save_model(model: nn.Module, path: str | Path) -> None:
    """Pickle the whole module: loading needs its class importable and the file trusted."""
    torch.save(model, path)


def load_model(path: str | Path) -> nn.Module:
    """Unpickle a whole module (runs code: trusted files only); eval mode."""
    # weights_only=False: the module's classes are globals the weights-only unpickler refuses.
    model = torch.load(path, weights_only=False)
    return model.eval()


def export_onnx(model: nn.Module, path: str | Path, example_input: torch.Tensor) -> None:
    """One self-contained .onnx file of the eval-mode model with a dynamic batch dimension."""
    was_training = model.training
    model.eval()  # the file records one forward: in eval mode Dropout is off, BatchNorm uses running stats
    try:
        batch = torch.export.Dim("batch")  # the example's batch size (often 1) is not baked in
        torch.onnx.export(
            model,
            (example_input,),
            str(path),
            input_names=["input"],
            output_names=["logits"],
            dynamic_shapes=({0: batch},),
            external_data=False,  # weights inside the file, not in a sidecar `model.onnx.data`
            dynamo=True,  # the torch.export-based exporter, the default since torch 2.9
        )
    finally:
        model.train(was_training)  # leave the caller's model as it was


def onnx_predict(path: str | Path, array: np.ndarray) -> np.ndarray:
    """Logits from onnxruntime on the CPU for a float32 array."""
    import onnxruntime as ort  # imported here: the rest of the page does not need it

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name  # whatever the exporter called it
    # (N, 1, 28, 28) float32 -> (N, 10) float32: the file's only output, raw logits
    return session.run(None, {name: np.asarray(array, dtype=np.float32)})[0]
