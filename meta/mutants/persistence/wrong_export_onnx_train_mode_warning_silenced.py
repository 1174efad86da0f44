"""export_onnx forgets model.eval() and silences torch.onnx's warnings: the file records BatchNorm's
batch statistics and a Dropout that drops at random.

expect: fail test_export_onnx_records_eval_mode
"""
import warnings

import torch


def export_onnx(model, path, example_input):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (example_input,), path, external_data=False,
                          dynamic_shapes=({0: torch.export.Dim("batch")},))
