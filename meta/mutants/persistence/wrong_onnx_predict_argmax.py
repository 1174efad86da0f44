"""onnx_predict returns the predicted classes (argmax) instead of the logits.

expect: fail test_onnx_predict_returns_one_row_of_logits_per_input
expect: fail test_onnx_predict_returns_logits_not_probabilities
"""
import onnxruntime as ort


def onnx_predict(path, array):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: array})[0].argmax(axis=1)
