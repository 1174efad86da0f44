"""export_onnx ignores example_input and traces the tutorial's torch.zeros(1, 1, 28, 28).

expect: fail test_export_onnx_traces_the_example_input
"""
import torch


def export_onnx(model, path, example_input):
    was = model.training
    model.eval()
    try:
        x = torch.zeros(1, 1, 28, 28, device=next(model.parameters()).device)
        torch.onnx.export(model, (x,), str(path), dynamic_shapes=({0: torch.export.Dim("batch")},),
                          external_data=False, dynamo=True)
    finally:
        model.train(was)
