"""Reference implementation of PyTorch's "Learn the Basics" tutorial, one module per page.

The names below are the contract the spec checks (see spec/contract.py); a learner's module may
define any subset of them.
"""

from reference.autograd import accumulated_grads, forward_without_grad, single_layer_grads
from reference.data import CustomImageDataset, labels_map
from reference.model import NeuralNetwork, get_device, predict
from reference.optimization import test_loop, train_loop
from reference.persistence import export_onnx, load_model, load_weights, onnx_predict, save_model, save_weights
from reference.tensors import (
    add_inplace,
    concat,
    describe,
    first_column,
    first_row,
    from_data,
    from_numpy,
    last_column,
    matmul,
    mul,
    ones_like,
    rand_like,
    to_device,
    to_numpy,
    to_python,
    zero_column,
)
from reference.transforms import normalize, one_hot, to_tensor

__all__ = [
    # 1.3 Tensors
    "from_data",
    "from_numpy",
    "to_numpy",
    "ones_like",
    "rand_like",
    "describe",
    "to_device",
    "first_row",
    "first_column",
    "last_column",
    "zero_column",
    "concat",
    "matmul",
    "mul",
    "to_python",
    "add_inplace",
    # 1.4 Datasets & DataLoaders, 1.5 Transforms
    "labels_map",
    "CustomImageDataset",
    "to_tensor",
    "normalize",
    "one_hot",
    # 1.6 Build the model
    "NeuralNetwork",
    "get_device",
    "predict",
    # 1.7 Autograd
    "single_layer_grads",
    "accumulated_grads",
    "forward_without_grad",
    # 1.8 Optimization
    "train_loop",
    "test_loop",
    # 1.9 Save and load
    "save_weights",
    "load_weights",
    "save_model",
    "load_model",
    "export_onnx",
    "onnx_predict",
]
