"""onnx_predict returns probabilities (softmax of the logits) instead of the logits.

expect: fail test_onnx_predict_returns_logits_not_probabilities
"""
import numpy as np
import onnxruntime as ort


def onnx_predict(path, array):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    logits = session.run(None, {session.get_inputs()[0].name: array})[0]
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)
