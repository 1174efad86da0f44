"""export_onnx forgets model.eval(): the file records training behaviour (torch.onnx warns about it).

expect: fail test_export_onnx_records_eval_mode
"""
import torch


def export_onnx(model, path, example_input):
    torch.onnx.export(model, (example_input,), path, external_data=False,
                      dynamic_shapes=({0: torch.export.Dim("batch")},))
