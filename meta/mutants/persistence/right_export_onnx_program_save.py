"""The dynamo exporter's ONNXProgram, saved by hand: save() inlines the weights of models under 2 GB.
Dim.DYNAMIC lets torch.export name the batch dimension itself.

expect: pass
"""
import torch


def export_onnx(model, path, example_input):
    model.eval()
    program = torch.onnx.export(model, (example_input,), dynamic_shapes=[{0: torch.export.Dim.DYNAMIC}])
    program.save(path)
