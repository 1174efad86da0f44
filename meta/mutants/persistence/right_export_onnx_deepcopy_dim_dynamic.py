"""export_onnx exports an eval-mode deep copy; Dim.DYNAMIC for the batch; caller's model untouched.

expect: pass
"""
import copy

import torch


def export_onnx(model, path, example_input):
    m = copy.deepcopy(model).eval()
    with torch.no_grad():
        program = torch.onnx.export(m, (example_input,), dynamic_shapes=({0: torch.export.Dim.DYNAMIC},),
                                    dynamo=True, opset_version=18)
    program.save(str(path))
