"""dynamic_axes with the dynamo exporter (the default): torch converts them to dynamic_shapes, with a
notice that dynamic_shapes is preferred.

expect: pass
"""
import torch


def export_onnx(model, path, example_input):
    model.eval()
    torch.onnx.export(model, (example_input,), path, input_names=["input"],
                      dynamic_axes={"input": {0: "batch_size"}}, external_data=False)
