"""The legacy TorchScript exporter (dynamo=False, deprecated since torch 2.9) with dynamic_axes: it
exports in eval mode by default (training=TrainingMode.EVAL) and always writes one file.

expect: pass
"""
import torch


def export_onnx(model, path, example_input):
    torch.onnx.export(model, example_input, path, dynamo=False, input_names=["input"],
                      output_names=["output"], dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
