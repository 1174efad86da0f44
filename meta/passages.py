"""Writes spec/passages.json: the tutorial's own text for each contract name, for `spec hint NAME --level 1`.

Chinese: the translation's own lines (/work/shared/tutorial-zh.txt), chosen by line range under the section that
teaches the name; English: the prose of the PyTorch tutorial's page (pytorch/tutorials,
beginner_source/basics/*_tutorial.py, BSD-3-Clause), quoted below with its page. Rerun when a range changes:

    python -m meta.passages /work/shared/tutorial-zh.txt
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from spec import contract

OUT = Path(__file__).resolve().parents[1] / "spec" / "passages.json"
PAGE_URL = "https://pytorch.org/tutorials/beginner/basics/{page}.html"

# contract name -> line ranges (1-based, inclusive) of the translation that teach it
ZH_LINES: dict[str, list[tuple[int, int]]] = {
    "from_data": [(191, 199)],
    "ones_like": [(191, 199)],
    "rand_like": [(191, 199)],
    "describe": [(201, 202)],
    "to_device": [(204, 207)],
    "first_row": [(209, 213)],
    "first_column": [(209, 213)],
    "last_column": [(209, 213)],
    "zero_column": [(209, 213)],
    "concat": [(214, 214), (217, 217)],
    "matmul": [(205, 205), (218, 218)],
    "mul": [(205, 205), (218, 218)],
    "to_python": [(221, 221)],
    "add_inplace": [(222, 224)],
    "from_numpy": [(225, 228)],
    "to_numpy": [(225, 228)],
    "labels_map": [(248, 249)],
    "CustomImageDataset": [(252, 254)],
    "to_tensor": [(275, 277), (280, 281)],
    "normalize": [(282, 284)],
    "one_hot": [(277, 279)],
    "get_device": [(313, 314), (207, 207)],
    "NeuralNetwork": [(315, 319), (331, 331), (337, 337)],
    "predict": [(318, 319), (337, 337)],
    "single_layer_grads": [(353, 356)],
    "accumulated_grads": [(372, 377)],
    "forward_without_grad": [(357, 361)],
    "train_loop": [(390, 394), (404, 407)],
    "test_loop": [(408, 409), (391, 394)],
    "save_weights": [(487, 492)],
    "load_weights": [(487, 493)],
    "save_model": [(540, 544)],
    "load_model": [(540, 544)],
    "export_onnx": [(545, 547)],
    "onnx_predict": [(545, 547)],
}

# The English page's prose, quoted (pytorch/tutorials, beginner_source/basics/, BSD-3-Clause).
_INIT = (
    "Tensors can be initialized in various ways. Directly from data: tensors can be created directly from data. "
    "The data type is automatically inferred. From another tensor: the new tensor retains the properties (shape, "
    "datatype) of the argument tensor, unless explicitly overridden."
)
_OPS = (
    "By default, tensors are created on the CPU. We need to explicitly move tensors to the GPU using .to method "
    "(after checking for GPU availability). Keep in mind that copying large tensors across devices can be "
    "expensive in terms of time and memory!"
)
_INDEX = (
    "Standard numpy-like indexing and slicing: tensor[0] (first row), tensor[:, 0] (first column), "
    "tensor[..., -1] (last column), tensor[:,1] = 0."
)
_BRIDGE = (
    "Tensors on the CPU and NumPy arrays can share their underlying memory locations, and changing one will change "
    "the other. A change in the tensor reflects in the NumPy array. Changes in the NumPy array reflects in the tensor."
)
_WEIGHTS = (
    "PyTorch models store the learned parameters in an internal state dictionary, called state_dict. These can be "
    "persisted via the torch.save method. To load model weights, you need to create an instance of the same model "
    "first, and then load the parameters using load_state_dict() method. Note: be sure to call model.eval() method "
    "before inferencing to set the dropout and batch normalization layers to evaluation mode. Failing to do this will "
    "yield inconsistent inference results."
)
_SHAPES = (
    "When loading model weights, we needed to instantiate the model class first, because the class defines the "
    "structure of a network. We might want to save the structure of this class together with the model, in which "
    "case we can pass model (and not model.state_dict()) to the saving function. Note: this approach uses Python "
    "pickle module when serializing the model, thus it relies on the actual class definition to be available when "
    "loading the model."
)
_ONNX = (
    "PyTorch also has native ONNX export support. Given the dynamic nature of the PyTorch execution graph, however, "
    "the export process must traverse the execution graph to produce a persisted ONNX model. For this reason, a test "
    "variable of the appropriate size should be passed in to the export routine. There are a lot of things you can "
    "do with ONNX model, including running inference on different platforms and in different programming languages."
)
_CLASS = (
    "We define our neural network by subclassing nn.Module, and initialize the neural network layers in __init__. "
    "Every nn.Module subclass implements the operations on input data in the forward method. Calling the model on "
    "the input returns a 10-dimensional tensor with raw predicted values for each class. We get the prediction "
    "probabilities by passing it through an instance of the nn.Softmax module. The last linear layer of the neural "
    "network returns logits - raw values in [-infty, infty] - which are passed to the nn.Softmax module."
)
_STEPS = (
    "Inside the training loop, optimization happens in three steps: Call optimizer.zero_grad() to reset the "
    "gradients of model parameters. Gradients by default add up; to prevent double-counting, we explicitly zero them "
    "at each iteration. Backpropagate the prediction loss with a call to loss.backward(). PyTorch deposits the "
    "gradients of the loss w.r.t. each parameter. Once we have our gradients, we call optimizer.step() to adjust the "
    "parameters by the gradients collected in the backward pass."
)
EN: dict[str, tuple[str, str]] = {  # contract name -> (page, prose)
    "from_data": ("tensorqs_tutorial", _INIT),
    "ones_like": ("tensorqs_tutorial", _INIT),
    "rand_like": ("tensorqs_tutorial", _INIT),
    "describe": (
        "tensorqs_tutorial",
        "Tensor attributes describe their shape, datatype, and the device on which they are stored.",
    ),
    "to_device": ("tensorqs_tutorial", _OPS),
    "first_row": ("tensorqs_tutorial", _INDEX),
    "first_column": ("tensorqs_tutorial", _INDEX),
    "last_column": ("tensorqs_tutorial", _INDEX),
    "zero_column": ("tensorqs_tutorial", _INDEX),
    "concat": (
        "tensorqs_tutorial",
        "Joining tensors: You can use torch.cat to concatenate a sequence of tensors along a given dimension. See "
        "also torch.stack, another tensor joining op that is subtly different from torch.cat.",
    ),
    "matmul": (
        "tensorqs_tutorial",
        "Arithmetic operations: this computes the matrix multiplication between two tensors "
        "(tensor @ tensor.T, tensor.matmul(tensor.T)).",
    ),
    "mul": (
        "tensorqs_tutorial",
        "Arithmetic operations: this computes the element-wise product (tensor * tensor, tensor.mul(tensor)).",
    ),
    "to_python": (
        "tensorqs_tutorial",
        "Single-element tensors: if you have a one-element tensor, for example by aggregating all values of a "
        "tensor into one value, you can convert it to a Python numerical value using item().",
    ),
    "add_inplace": (
        "tensorqs_tutorial",
        "In-place operations: operations that store the result into the operand are called in-place. They are "
        "denoted by a _ suffix. For example: x.copy_(y), x.t_(), will change x. In-place operations save some "
        "memory, but can be problematic when computing derivatives because of an immediate loss of history. Hence, "
        "their use is discouraged.",
    ),
    "from_numpy": ("tensorqs_tutorial", _BRIDGE),
    "to_numpy": ("tensorqs_tutorial", _BRIDGE),
    "labels_map": (
        "data_tutorial",
        "We can index Datasets manually like a list: training_data[index]. We use matplotlib to visualize some "
        "samples in our training data (labels_map turns a label into its class name).",
    ),
    "CustomImageDataset": (
        "data_tutorial",
        "A custom Dataset class must implement three functions: __init__, __len__, and __getitem__. The "
        "FashionMNIST images are stored in a directory img_dir, and their labels are stored separately in a CSV file "
        "annotations_file. The labels.csv file looks like: tshirt1.jpg, 0 / tshirt2.jpg, 0 / ... (no header line). "
        "The __len__ function returns the number of samples in our dataset. The __getitem__ function loads and "
        "returns a sample from the dataset at the given index idx.",
    ),
    "to_tensor": (
        "transforms_tutorial",
        "ToTensor converts a PIL image or NumPy ndarray into a FloatTensor and scales the image's pixel intensity "
        "values in the range [0., 1.]",
    ),
    "normalize": (
        "transforms_tutorial",
        "For training, we need the features as normalized tensors, and the labels as one-hot encoded tensors. "
        "(torchvision's Normalize computes output[channel] = (input[channel] - mean[channel]) / std[channel].)",
    ),
    "one_hot": (
        "transforms_tutorial",
        "Lambda transforms apply any user-defined lambda function. Here, we define a function to turn the integer "
        "into a one-hot encoded tensor. It first creates a zero tensor of size 10 (the number of labels in our "
        "dataset) and calls scatter_ which assigns a value=1 on the index as given by the label y.",
    ),
    "get_device": (
        "buildmodel_tutorial",
        "We want to be able to train our model on a hardware accelerator like the GPU, if it is available. Let's "
        "check to see if torch.cuda is available, else we continue to use the CPU.",
    ),
    "NeuralNetwork": ("buildmodel_tutorial", _CLASS),
    "predict": (
        "buildmodel_tutorial",
        "To use the model, we pass it the input data. This executes the model's forward, along with some background "
        "operations. Do not call model.forward() directly! Calling the model on the input returns a 10-dimensional "
        "tensor with raw predicted values for each class. We get the prediction probabilities by passing it through "
        "an instance of the nn.Softmax module (pred_probab.argmax(1) is the predicted class).",
    ),
    "single_layer_grads": (
        "autogradqs_tutorial",
        "To optimize weights of parameters in the neural network, we need to compute the derivatives of our loss "
        "function with respect to parameters. To compute those derivatives, we call loss.backward(), and then "
        "retrieve the values from w.grad and b.grad.",
    ),
    "accumulated_grads": (
        "autogradqs_tutorial",
        "Notice that when we call backward for the second time with the same argument, the value of the gradient is "
        "different. This happens because when doing backward propagation, PyTorch accumulates the gradients, i.e. "
        "the value of computed gradients is added to the grad property of all leaf nodes of computational graph. If "
        "you want to compute the proper gradients, you need to zero out the grad property before.",
    ),
    "forward_without_grad": (
        "autogradqs_tutorial",
        "By default, all tensors with requires_grad=True are tracking their computational history and support "
        "gradient computation. However, there are some cases when we do not need to do that, for example, when we "
        "have trained the model and just want to apply it to some input data. We can stop tracking computations by "
        "surrounding our computation code with torch.no_grad() block. Another way to achieve the same result is to "
        "use the detach() method on the tensor.",
    ),
    "train_loop": ("optimization_tutorial", _STEPS),
    "test_loop": (
        "optimization_tutorial",
        "We define train_loop that loops over our optimization code, and test_loop that evaluates the model's "
        "performance against our test data. The Validation/Test Loop - iterate over the test dataset to check if "
        "model performance is improving. (Its code: model.eval(); with torch.no_grad(): ... test_loss /= "
        "num_batches; correct /= size.)",
    ),
    "save_weights": ("saveloadrun_tutorial", _WEIGHTS),
    "load_weights": ("saveloadrun_tutorial", _WEIGHTS),
    "save_model": ("saveloadrun_tutorial", _SHAPES),
    "load_model": ("saveloadrun_tutorial", _SHAPES),
    "export_onnx": ("saveloadrun_tutorial", _ONNX),
    "onnx_predict": ("saveloadrun_tutorial", _ONNX),
}


def zh_text(lines: list[str], ranges: list[tuple[int, int]]) -> str:
    """The translation's lines in `ranges`, as written (leading '?' and spaces, an export artefact, removed)."""
    kept = [lines[i - 1].strip().lstrip("? ").strip() for a, b in ranges for i in range(a, b + 1)]
    return "\n".join(line for line in kept if line)


def main(argv: list[str]) -> int:
    zh_lines = Path(argv[0]).read_text(encoding="utf-8").split("\n")
    missing = set(contract.CONTRACT) - set(ZH_LINES) | set(contract.CONTRACT) - set(EN)
    assert not missing, f"no passage for {sorted(missing)}"
    passages = {}
    for name in contract.CONTRACT:
        page, prose = EN[name]
        passages[name] = {
            "zh": {"lines": ZH_LINES[name], "text": zh_text(zh_lines, ZH_LINES[name])},
            "en": {"url": PAGE_URL.format(page=page), "text": prose},
        }
    data = {
        "attribution": {
            "en": "PyTorch Tutorials, Learn the Basics (pytorch/tutorials, beginner_source/basics), BSD-3-Clause, "
            "(c) PyTorch contributors; quoted passages",
            "zh": "PyTorch官方教程中文版(本课程所用的中文译本),引用原文",
        },
        "passages": passages,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(passages)} passages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
