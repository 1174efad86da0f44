"""export_onnx calls model.train() afterwards whatever the mode was: an eval model comes back training.

expect: fail test_export_onnx_leaves_an_eval_model_in_eval_mode
"""
import torch


def export_onnx(model, path, example_input):
    model.eval()
    try:
        torch.onnx.export(model, (example_input,), str(path), dynamic_shapes=({0: torch.export.Dim("batch")},),
                          external_data=False, dynamo=True)
    finally:
        model.train()
