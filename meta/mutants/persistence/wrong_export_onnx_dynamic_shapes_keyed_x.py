"""export_onnx keys dynamic_shapes by the tutorial's forward argument name "x": other models fail.

expect: fail test_export_onnx_traces_the_example_input
"""
import torch


def export_onnx(model, path, example_input):
    was = model.training
    model.eval()
    try:
        torch.onnx.export(model, (example_input,), str(path), dynamic_shapes={"x": {0: torch.export.Dim("batch")}},
                          external_data=False, dynamo=True)
    finally:
        model.train(was)
