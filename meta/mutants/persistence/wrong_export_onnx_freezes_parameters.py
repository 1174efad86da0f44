"""export_onnx freezes the parameters for the export (requires_grad_(False)) and never unfreezes them.

expect: fail test_export_onnx_leaves_the_models_tensors_unchanged
"""
import torch


def export_onnx(model, path, example_input):
    was = model.training
    model.eval().requires_grad_(False)
    try:
        torch.onnx.export(model, (example_input,), str(path), dynamic_shapes=({0: torch.export.Dim("batch")},),
                          external_data=False, dynamo=True)
    finally:
        model.train(was)
