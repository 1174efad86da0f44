"""Reference implementation of PyTorch's "Learn the Basics" tutorial, one module per page.

The names below are the contract the spec checks (see spec/contract.py); a learner's module may
define any subset of them.
"""

import importlib
from typing import Any

# Each name is imported from its page's module when first used (PEP 562): `import reference` for the tensors
# page need not import torchvision (~1.5 s, with torch._dynamo), which the data page's module imports.
_MODULES = {
    "autograd": ("accumulated_grads", "forward_without_grad", "single_layer_grads"),
    "data": ("CustomImageDataset", "labels_map"),
    "model": ("NeuralNetwork", "get_device", "predict"),
    "optimization": ("test_loop", "train_loop"),
    "persistence": ("export_onnx", "load_model", "load_weights", "onnx_predict", "save_model", "save_weights"),
    "tensors": (
        "add_inplace",
        "concat",
        "describe",
        "first_column",
        "first_row",
        "from_data",
        "from_numpy",
        "last_column",
        "matmul",
        "mul",
        "ones_like",
        "rand_like",
        "to_device",
        "to_numpy",
        "to_python",
        "zero_column",
    ),
    "transforms": ("normalize", "one_hot", "to_tensor"),
}
_MODULE_OF = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    """A contract name, from its page's module (imported on first use); AttributeError for any other name."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'reference' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"reference.{module}"), name)
    globals()[name] = value  # once: the next lookup finds it directly
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_MODULE_OF))


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
