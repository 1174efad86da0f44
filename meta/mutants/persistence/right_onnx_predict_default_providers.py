"""onnx_predict with onnxruntime's default providers, output asked for by its name, no copy of float32 input.

expect: pass
"""
import numpy as np
import onnxruntime


def onnx_predict(path, array):
    session = onnxruntime.InferenceSession(path)
    (input_,), (output,) = session.get_inputs(), session.get_outputs()
    return session.run([output.name], {input_.name: array.astype(np.float32, copy=False)})[0]
