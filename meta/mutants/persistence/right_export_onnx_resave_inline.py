"""Export with the default sidecar into a scratch directory, then re-save with onnx, weights inlined.

expect: pass
"""
import tempfile
from pathlib import Path

import onnx
import torch


def export_onnx(model, path, example_input):
    model.eval()
    with tempfile.TemporaryDirectory() as scratch:
        draft = Path(scratch) / "draft.onnx"
        torch.onnx.export(model, (example_input,), draft, dynamic_shapes=({0: torch.export.Dim("batch")},))
        onnx.save(onnx.load(draft), path, save_as_external_data=False)
