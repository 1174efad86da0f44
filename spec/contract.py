"""The contract: every name a learner's module may define, with the tutorial section that teaches it.

The section numbers are those of the Chinese translation (1.2 .. 1.9); the page is the pytest
marker of the spec module that checks the name.
"""

from __future__ import annotations

from typing import NamedTuple


class Concept(NamedTuple):
    section: str  # "1.3"
    page: str  # pytest marker of the spec page: "tensors"
    title: str  # tutorial heading, for messages


PAGES: dict[str, tuple[str, str]] = {
    # marker: (section, title)
    "quickstart": ("1.2", "Quickstart"),
    "tensors": ("1.3", "Tensors"),
    "data": ("1.4", "Datasets & DataLoaders"),
    "transforms": ("1.5", "Transforms"),
    "model": ("1.6", "Build the Neural Network"),
    "autograd": ("1.7", "Automatic Differentiation with torch.autograd"),
    "optimization": ("1.8", "Optimizing Model Parameters"),
    "persistence": ("1.9", "Save and Load the Model"),
}

_NAMES_BY_PAGE: dict[str, list[str]] = {
    "tensors": [
        "from_data", "from_numpy", "to_numpy", "ones_like", "rand_like", "describe", "to_device",
        "first_row", "first_column", "last_column", "zero_column", "concat", "matmul", "mul",
        "to_python", "add_inplace",
    ],
    "data": ["labels_map", "CustomImageDataset"],
    "transforms": ["to_tensor", "normalize", "one_hot"],
    "model": ["NeuralNetwork", "get_device", "predict"],
    "autograd": ["single_layer_grads", "accumulated_grads", "forward_without_grad"],
    "optimization": ["train_loop", "test_loop"],
    "persistence": [
        "save_weights", "load_weights", "save_model", "load_model", "export_onnx", "onnx_predict",
    ],
}

CONTRACT: dict[str, Concept] = {
    name: Concept(PAGES[page][0], page, PAGES[page][1])
    for page, names in _NAMES_BY_PAGE.items()
    for name in names
}


def where(name: str) -> str:
    """'tutorial 1.5 Transforms' for a contract name, for messages."""
    concept = CONTRACT[name]
    return f"tutorial {concept.section} {concept.title}"
