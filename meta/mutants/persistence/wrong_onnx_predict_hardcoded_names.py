"""onnx_predict feeds "input" and asks for "logits": the names its own export_onnx chose, not the file's.

expect: fail test_onnx_predict_reads_input_and_output_names_from_the_file
"""
import onnxruntime as ort


def onnx_predict(path, array):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(["logits"], {"input": array})[0]
