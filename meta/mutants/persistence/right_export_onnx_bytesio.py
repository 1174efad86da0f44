"""Export into memory (a BytesIO, deprecated in favour of a path), then write the bytes: one file.

expect: pass
"""
import io
from pathlib import Path

import torch


def export_onnx(model, path, example_input):
    model.eval()
    buffer = io.BytesIO()
    torch.onnx.export(model, (example_input,), buffer, external_data=False,
                      dynamic_shapes=({0: torch.export.Dim("n")},))
    Path(path).write_bytes(buffer.getvalue())
