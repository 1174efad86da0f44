"""onnx_predict reshapes its input to (-1, 1, 28, 28) "to accept flat images": only the tutorial's files run.

expect: fail test_onnx_predict_takes_any_input_shape_and_number_of_classes
"""
import numpy as np


def onnx_predict(path, array):
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    images = np.asarray(array, dtype=np.float32).reshape(-1, 1, 28, 28)
    return session.run(None, {session.get_inputs()[0].name: images})[0]
