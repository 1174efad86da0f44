"""export_onnx turns requires_grad off for the export, then back on for every parameter: a frozen layer thaws.

expect: fail test_export_onnx_leaves_the_models_tensors_unchanged
"""
import torch


def export_onnx(model, path, example_input):
    was_training = model.training
    model.eval().requires_grad_(False)
    try:
        torch.onnx.export(model, (example_input,), str(path), dynamic_shapes=({0: torch.export.Dim("batch")},),
                          external_data=False, dynamo=True)
    finally:
        model.train(was_training).requires_grad_(True)
