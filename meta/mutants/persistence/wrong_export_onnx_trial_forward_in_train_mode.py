"""export_onnx runs the example through the model first ("check it works") before eval(): BatchNorm's
running statistics on the caller's model are overwritten by the all-zeros example.

expect: fail test_export_onnx_leaves_the_models_tensors_unchanged
"""
import torch


def export_onnx(model, path, example_input):
    was = model.training
    with torch.no_grad():
        print("output shape:", tuple(model(example_input).shape))
    model.eval()
    try:
        torch.onnx.export(model, (example_input,), str(path), dynamic_shapes=({0: torch.export.Dim("batch")},),
                          external_data=False, dynamo=True)
    finally:
        model.train(was)
