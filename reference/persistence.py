"""Tutorial 1.9 Save and load: weights (safely), whole models (trusted files), ONNX export."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from torch import nn


def save_weights(model: nn.Module, path: str | Path) -> None:
    """Write the state_dict alone: plain tensors, loadable with weights_only=True."""
    torch.save(model.state_dict(), path)


def load_weights(model: nn.Module, path: str | Path) -> nn.Module:
    """Load a state_dict weights-only (refuses files that would run code) and strictly; eval mode."""
    device = next(model.parameters()).device
    state_dict = torch.load(path, map_location=device, weights_only=True)
    model.load_state_dict(state_dict, strict=True)
    return model.eval()


def save_model(model: nn.Module, path: str | Path) -> None:
    """Pickle the whole module: loading needs its class importable and the file trusted."""
    torch.save(model, path)


def load_model(path: str | Path) -> nn.Module:
    """Unpickle a whole module (runs code: trusted files only); eval mode."""
    model = torch.load(path, weights_only=False)
    return model.eval()


def export_onnx(model: nn.Module, path: str | Path, example_input: torch.Tensor) -> None:
    """One self-contained .onnx file of the eval-mode model with a dynamic batch dimension."""
    was_training = model.training
    model.eval()
    try:
        batch = torch.export.Dim("batch")
        torch.onnx.export(
            model, (example_input,), str(path),
            input_names=["input"], output_names=["logits"],
            dynamic_shapes=({0: batch},), external_data=False, dynamo=True,
        )
    finally:
        model.train(was_training)


def onnx_predict(path: str | Path, array: np.ndarray) -> np.ndarray:
    """Logits from onnxruntime on the CPU for a float32 array."""
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return session.run(None, {name: np.asarray(array, dtype=np.float32)})[0]
