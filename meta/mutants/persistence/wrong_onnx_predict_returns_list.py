"""onnx_predict returns what session.run returns: a list of outputs, not the logits array.

expect: fail test_onnx_predict_returns_one_row_of_logits_per_input
"""
import onnxruntime as ort


def onnx_predict(path, array):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: array})
