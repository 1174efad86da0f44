"""right_second_persistence by hand: dynamic_shapes dropped: the file keeps the example's batch size.

expect: fail test_export_onnx_batch_dimension_is_dynamic
"""
import copy

import numpy as np
import torch


def save_weights(model, path):
    with open(path, "wb") as file:
        torch.save(model.state_dict(), file)


def load_weights(model, path):
    with open(path, "rb") as file:
        state = torch.load(file, map_location="cpu", weights_only=True)
    report = model.load_state_dict(state, strict=False)  # a shape mismatch raises even so
    if report.missing_keys or report.unexpected_keys:
        raise KeyError(f"missing {report.missing_keys}, unexpected {report.unexpected_keys}")
    model.train(False)
    return model


def save_model(model, path):
    with open(path, "wb") as file:
        torch.save(model, file)


def load_model(path):
    with open(path, "rb") as file:
        model = torch.load(file, weights_only=False)  # trusted files only
    model.train(False)
    return model


def export_onnx(model, path, example_input):
    frozen = copy.deepcopy(model).train(False)  # the caller's model is left alone
    torch.onnx.export(frozen, (example_input,), str(path), input_names=["pixels"], output_names=["scores"],
                      external_data=False, dynamo=True)


def onnx_predict(path, array):
    import onnxruntime

    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feed = {session.get_inputs()[0].name: np.ascontiguousarray(array, dtype=np.float32)}
    (scores,) = session.run([session.get_outputs()[0].name], feed)
    return scores
