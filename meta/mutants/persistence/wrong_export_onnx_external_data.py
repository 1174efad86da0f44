"""export_onnx with the dynamo exporter's defaults for the file: external_data=True writes the
weights to a sidecar model.onnx.data; the .onnx alone is not the model.

expect: fail test_export_onnx_writes_one_self_contained_file
"""
import torch


def export_onnx(model, path, example_input):
    model.eval()
    torch.onnx.export(model, (example_input,), path, input_names=["input"],
                      dynamic_shapes=({0: torch.export.Dim("batch")},))
