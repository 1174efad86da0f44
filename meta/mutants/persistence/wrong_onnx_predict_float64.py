"""onnx_predict converts the input with np.array(array, dtype=float): float64, which the file's
tensor(float) input refuses.

expect: fail test_onnx_predict_accepts_a_float32_array
"""
import numpy as np
import onnxruntime as ort


def onnx_predict(path, array):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: np.array(array, dtype=float)})[0]
