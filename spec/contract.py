"""The contract: every name a learner's module may define, with the tutorial section that teaches it.

The section numbers are those of the Chinese translation (1.2 .. 1.9); the page is the pytest
marker of the spec module that checks the name. The tutorial's titles, in English and Chinese, are
written here once: markers, messages, the summary, the report and the starter module read them.
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

# The Chinese translation's own headings (tutorial-zh.txt), by page marker.
ZH_TITLES: dict[str, str] = {
    "quickstart": "快速开始",
    "tensors": "张量",
    "data": "数据集和数据载入器",
    "transforms": "变换",
    "model": "搭建神经网络",
    "autograd": "使用torch.autograd进行自动微分",
    "optimization": "优化模型参数",
    "persistence": "保存和载入模型",
}

_NAMES_BY_PAGE: dict[str, list[str]] = {
    "tensors": [
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
    ],
    "data": ["labels_map", "CustomImageDataset"],
    "transforms": ["to_tensor", "normalize", "one_hot"],
    "model": ["NeuralNetwork", "get_device", "predict"],
    "autograd": ["single_layer_grads", "accumulated_grads", "forward_without_grad"],
    "optimization": ["train_loop", "test_loop"],
    "persistence": [
        "save_weights",
        "load_weights",
        "save_model",
        "load_model",
        "export_onnx",
        "onnx_predict",
    ],
}

CONTRACT: dict[str, Concept] = {
    name: Concept(PAGES[page][0], page, PAGES[page][1]) for page, names in _NAMES_BY_PAGE.items() for name in names
}


class Section(NamedTuple):
    """Where the tutorial teaches a concept: the Chinese translation's number and the headings in both languages."""

    number: str  # "1.5.3", or "1.5" for a whole page
    page: str  # page marker: "transforms"
    heading_en: str  # subsection heading, "" for a whole page
    heading_zh: str

    def text(self, lang: str = "en") -> str:
        """'tutorial 1.5.3 Transforms, Lambda Transforms' / '教程 1.5.3 变换, Lambda变换'."""
        if lang == "zh":
            head = f"教程 {self.number} {ZH_TITLES[self.page]}"
            return f"{head}, {self.heading_zh}" if self.heading_zh else head
        head = f"tutorial {self.number} {PAGES[self.page][1]}"
        return f"{head}, {self.heading_en}" if self.heading_en else head


def section(concept: str) -> Section:
    """The section of a contract name (its lesson's subsection), or of a page marker (the whole page).

    The one source of every location a message names; an unknown name is a KeyError (a typo in a page).
    """
    if concept in LESSONS:
        lesson = LESSONS[concept]
        return Section(lesson.subsection, CONTRACT[concept].page, lesson.en, lesson.zh)
    if concept in PAGES:
        return Section(PAGES[concept][0], concept, "", "")
    raise KeyError(f"{concept!r} is neither a contract name nor a page marker (spec/contract.py)")


class Lesson(NamedTuple):
    subsection: str  # numbering of the Chinese translation
    en: str  # subsection heading in the English tutorial
    zh: str  # subsection heading in the Chinese translation
    what_zh: str  # what the name must do, in Chinese


LESSONS: dict[str, Lesson] = {
    "from_data": Lesson(
        "1.3.1",
        "Initializing a Tensor",
        "初始化tensor",
        "直接用数据(Python 嵌套列表)创建 tensor,数据类型自动推断:int -> int64,float -> float32,bool -> bool。",
    ),
    "from_numpy": Lesson(
        "1.3.4", "Bridge with NumPy", "和Numpy转换", "用 NumPy 数组创建 tensor,二者共享内存:改变一方,另一方也随之改变。"
    ),
    "to_numpy": Lesson(
        "1.3.4", "Bridge with NumPy", "和Numpy转换", "把 CPU 上的 tensor 转换为 NumPy 数组,二者共享内存。"
    ),
    "ones_like": Lesson(
        "1.3.1", "Initializing a Tensor", "初始化tensor", "与 t 形状、数据类型、设备都相同的全 1 tensor。"
    ),
    "rand_like": Lesson(
        "1.3.1",
        "Initializing a Tensor",
        "初始化tensor",
        "与 t 形状、设备相同的 [0, 1) 均匀随机 tensor;t 不是浮点类型时结果为 float32;"
        "t 是浮点类型时保持其类型或为 float32(教程的 dtype=torch.float),两者都接受。",
    ),
    "describe": Lesson(
        "1.3.2",
        "Attributes of a Tensor",
        "tensor的性质",
        "返回 tensor 的三个属性:(形状 shape, 数据类型 dtype, 设备 device)。",
    ),
    "to_device": Lesson(
        "1.3.3",
        "Operations on Tensors",
        "tensor的操作",
        "用 .to 把 t 复制到 device 上,值不变;t 本身留在原设备(已在该设备上时可返回 t 本身)。",
    ),
    "first_row": Lesson(
        "1.3.3",
        "Operations on Tensors: indexing and slicing",
        "tensor的操作:索引和切分",
        "t[0]:(m, n) tensor 的第一行,形状为 (n,) 的视图。",
    ),
    "first_column": Lesson(
        "1.3.3",
        "Operations on Tensors: indexing and slicing",
        "tensor的操作:索引和切分",
        "t[:, 0]:第一列,形状为 (m,) 的视图。",
    ),
    "last_column": Lesson(
        "1.3.3",
        "Operations on Tensors: indexing and slicing",
        "tensor的操作:索引和切分",
        "t[..., -1]:最后一列,形状为 (m,) 的视图。",
    ),
    "zero_column": Lesson(
        "1.3.3",
        "Operations on Tensors: indexing and slicing",
        "tensor的操作:索引和切分",
        "原地把 t 的第 j 列置为 0,并返回 t 本身。",
    ),
    "concat": Lesson(
        "1.3.3",
        "Operations on Tensors: joining tensors",
        "tensor的操作:连接tensor",
        "用 torch.cat 沿 dim 连接:三个 (4, 4) 的 tensor 在 dim=1 上连接得到 (4, 12)。",
    ),
    "matmul": Lesson(
        "1.3.3",
        "Operations on Tensors: arithmetic operations",
        "tensor的操作:算术运算",
        "矩阵乘法 a @ b:(m, k) @ (k, n) -> (m, n)。",
    ),
    "mul": Lesson(
        "1.3.3", "Operations on Tensors: arithmetic operations", "tensor的操作:算术运算", "逐元素乘积 a * b。"
    ),
    "to_python": Lesson(
        "1.3.3",
        "Operations on Tensors: single-element tensors",
        "tensor的操作:单元素tensor",
        "单元素 tensor 的 Python 数值(.item());其他 tensor 应当抛出异常。",
    ),
    "add_inplace": Lesson(
        "1.3.3",
        "Operations on Tensors: in-place operations",
        "tensor的操作:原位操作",
        "原位加法 t += value(带下划线后缀的 add_),返回 t 本身。",
    ),
    "labels_map": Lesson(
        "1.4.2",
        "Iterating and Visualizing the Dataset",
        "数据集的迭代和可视化",
        "标签编号 0..9 到 Fashion-MNIST 类别名的字典。",
    ),
    "CustomImageDataset": Lesson(
        "1.4.3",
        "Creating a Custom Dataset for your files",
        "为你的文件创建一个自定义数据集",
        "自定义数据集:图片在 img_dir 中,标签在没有表头的 CSV 文件中(每行 `文件名,标签`);"
        "实现 __init__、__len__ 和 __getitem__;图像是 read_image 给出的 uint8 tensor (C, H, W),不是 PIL 图像。",
    ),
    "to_tensor": Lesson(
        "1.5",
        "ToTensor",
        "transforms.ToTensor()",
        "像 ToTensor 一样:PIL 图像或 uint8 数组 (H, W) / (H, W, C) -> float32 (C, H, W),取值范围 [0, 1]。",
    ),
    "normalize": Lesson(
        "1.5",
        "Normalize",
        "transforms.Normalize()",
        "对 (..., C, H, W) tensor 的每个通道 c 计算 (t - mean[c]) / std[c];不修改 t。",
    ),
    "one_hot": Lesson(
        "1.5",
        "Lambda Transforms",
        "Lambda变换",
        "教程中用 scatter_ 写的 Lambda:长度为 num_classes 的 float32 tensor,只有 label 处为 1。"
        "label 超出最后一类时抛出异常;负数 label 不作规定(抛出异常或从末尾计数都接受)。",
    ),
    "NeuralNetwork": Lesson(
        "1.6.2",
        "Define the Class",
        "定义类",
        "快速开始中的多层感知机:Flatten,然后 784-512-512-10,线性层之间用 ReLU;返回 logits (N, 10)。",
    ),
    "get_device": Lesson(
        "1.6.1", "Get Device for Training", "获取训练的设备", '有可用的 CUDA 设备时返回 "cuda",否则返回 "cpu"。'
    ),
    "predict": Lesson(
        "1.6.2",
        "Define the Class",
        "定义类",
        "类别编号 (N,) int64:eval 模式,不跟踪梯度,对 logits 取 argmax;之后模型处于 eval 模式或原来的模式。",
    ),
    "single_layer_grads": Lesson(
        "1.7.2",
        "Computing Gradients",
        "计算梯度",
        "z = x @ w + b,loss = BCE-with-logits(z, y),反向传播;返回 (loss, w.grad, b.grad)。"
        "批量输入 x (N, 5) 可以拒绝(抛出异常);若接受,loss 是所有 N * 3 个元素的平均值。",
    ),
    "accumulated_grads": Lesson(
        "1.7.4",
        "Optional Reading: Tensor Gradients and Jacobian Products",
        "选读:tensor梯度和雅各布乘积",
        "第一次 backward 后、第二次(梯度累加)后、清零后再做第三次后 inp.grad 的值。",
    ),
    "forward_without_grad": Lesson(
        "1.7.3",
        "Disabling Gradient Tracking",
        "禁止梯度跟踪",
        "在 no_grad 下计算 x @ w + b:结果的 requires_grad 为 False。批量输入 x (N, 5) 可以拒绝;若接受,每个样本一行。",
    ),
    "train_loop": Lesson(
        "1.8.3",
        "Optimization Loop",
        "优化Loop",
        "train 模式下在所有批次(包括最后一个不完整的批次)上训练一个 epoch;返回各批次损失的平均值。"
        "返回值可选:教程的 train_loop 返回 None 也能通过;返回平均损失便于画曲线。",
    ),
    "test_loop": Lesson(
        "1.8.4",
        "Full Implementation",
        "执行",
        "(整个数据集上的准确率,取值 [0, 1];各批次损失的平均值);eval 模式,不跟踪梯度。"
        "教程的 test_loop 返回 None 并打印 “Accuracy: 65.8%, Avg loss: 1.074610”,也能通过"
        "(spec 读取打印内容);返回 (准确率, 平均损失) 更便于调用。之后模型处于 eval 模式还是原来的模式,不作规定。",
    ),
    "save_weights": Lesson(
        "1.9.1",
        "Saving and Loading Model Weights",
        "保存和载入模型的权重",
        "只保存 state_dict(纯 tensor),可以用 weights_only=True 载入。",
    ),
    "load_weights": Lesson(
        "1.9.1",
        "Saving and Loading Model Weights",
        "保存和载入模型的权重",
        "以 weights_only 方式严格载入 state_dict(拒绝会执行代码的文件);返回 eval 模式的模型。",
    ),
    "save_model": Lesson(
        "1.9.2",
        "Saving and Loading Models with Shapes",
        "保存和载入模型的形状",
        "用 pickle 保存整个模块:载入时需要能导入它的类,而且文件必须可信。",
    ),
    "load_model": Lesson(
        "1.9.2",
        "Saving and Loading Models with Shapes",
        "保存和载入模型的形状",
        "反序列化整个模块(会执行代码:只用于可信的文件);返回 eval 模式的模型。",
    ),
    "export_onnx": Lesson(
        "1.9.3",
        "Exporting Model to ONNX",
        "将模型导出为ONNX",
        "把 eval 模式的模型导出为一个自包含的 .onnx 文件,批次维度是动态的。",
    ),
    "onnx_predict": Lesson(
        "1.9.3", "Exporting Model to ONNX", "将模型导出为ONNX", "用 onnxruntime 在 CPU 上对 float32 数组计算 logits。"
    ),
}
