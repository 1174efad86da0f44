"""export_onnx marks the batch Dim.DYNAMIC (no name, no 0/1 trouble from the batch-1 example); was_training restored.

expect: pass
"""
import torch


def export_onnx(model, path, example_input):
    was_training = model.training
    model.eval()
    try:
        torch.onnx.export(model, (example_input,), str(path), dynamic_shapes=({0: torch.export.Dim.DYNAMIC},),
                          external_data=False, dynamo=True)
    finally:
        model.train(was_training)
