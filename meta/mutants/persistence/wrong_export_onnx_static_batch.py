"""export_onnx as the page does it, without a dynamic batch: the file only takes the example's batch size.

expect: fail test_export_onnx_batch_dimension_is_dynamic
expect: fail test_export_onnx_logits_match_the_model
"""
import torch


def export_onnx(model, path, example_input):
    model.eval()
    torch.onnx.export(model, (example_input,), path, external_data=False)
