"""The starter module of `python -m spec new FILE`: every contract name as a stub, in tutorial order.

Signatures and the English docstrings come from the reference's own source (read with `ast`, so
nothing heavy is imported); the Chinese lines and the tutorial subsections are written here. Each
stub raises NotImplementedError, which the spec reports as "not implemented", never as a failure.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from typing import NamedTuple

from spec import i18n
from spec.contract import CONTRACT, PAGES


class Lesson(NamedTuple):
    subsection: str  # numbering of the Chinese translation
    en: str  # subsection heading in the English tutorial
    zh: str  # subsection heading in the Chinese translation
    what_zh: str  # what the name must do, in Chinese


LESSONS: dict[str, Lesson] = {
    "from_data": Lesson("1.3.1", "Initializing a Tensor", "初始化tensor",
                        "直接用数据(Python 嵌套列表)创建 tensor,数据类型自动推断:int -> int64,float -> float32,bool -> bool。"),
    "from_numpy": Lesson("1.3.4", "Bridge with NumPy", "和Numpy转换",
                         "用 NumPy 数组创建 tensor,二者共享内存:改变一方,另一方也随之改变。"),
    "to_numpy": Lesson("1.3.4", "Bridge with NumPy", "和Numpy转换",
                       "把 CPU 上的 tensor 转换为 NumPy 数组,二者共享内存。"),
    "ones_like": Lesson("1.3.1", "Initializing a Tensor", "初始化tensor",
                        "与 t 形状、数据类型、设备都相同的全 1 tensor。"),
    "rand_like": Lesson("1.3.1", "Initializing a Tensor", "初始化tensor",
                        "与 t 形状、设备相同的 [0, 1) 均匀随机 tensor;t 不是浮点类型时结果为 float32。"),
    "describe": Lesson("1.3.2", "Attributes of a Tensor", "tensor的性质",
                       "返回 tensor 的三个属性:(形状 shape, 数据类型 dtype, 设备 device)。"),
    "to_device": Lesson("1.3.3", "Operations on Tensors", "tensor的操作",
                        "用 .to 把 t 复制到 device 上,值不变。"),
    "first_row": Lesson("1.3.3", "Operations on Tensors: indexing and slicing", "tensor的操作:索引和切分",
                        "t[0]:(m, n) tensor 的第一行,形状为 (n,) 的视图。"),
    "first_column": Lesson("1.3.3", "Operations on Tensors: indexing and slicing", "tensor的操作:索引和切分",
                           "t[:, 0]:第一列,形状为 (m,) 的视图。"),
    "last_column": Lesson("1.3.3", "Operations on Tensors: indexing and slicing", "tensor的操作:索引和切分",
                          "t[..., -1]:最后一列,形状为 (m,) 的视图。"),
    "zero_column": Lesson("1.3.3", "Operations on Tensors: indexing and slicing", "tensor的操作:索引和切分",
                          "原地把 t 的第 j 列置为 0,并返回 t 本身。"),
    "concat": Lesson("1.3.3", "Operations on Tensors: joining tensors", "tensor的操作:连接tensor",
                     "用 torch.cat 沿 dim 连接:三个 (4, 4) 的 tensor 在 dim=1 上连接得到 (4, 12)。"),
    "matmul": Lesson("1.3.3", "Operations on Tensors: arithmetic operations", "tensor的操作:算术运算",
                     "矩阵乘法 a @ b:(m, k) @ (k, n) -> (m, n)。"),
    "mul": Lesson("1.3.3", "Operations on Tensors: arithmetic operations", "tensor的操作:算术运算",
                  "逐元素乘积 a * b。"),
    "to_python": Lesson("1.3.3", "Operations on Tensors: single-element tensors", "tensor的操作:单元素tensor",
                        "单元素 tensor 的 Python 数值(.item());其他 tensor 应当抛出异常。"),
    "add_inplace": Lesson("1.3.3", "Operations on Tensors: in-place operations", "tensor的操作:原位操作",
                          "原位加法 t += value(带下划线后缀的 add_),返回 t 本身。"),
    "labels_map": Lesson("1.4.2", "Iterating and Visualizing the Dataset", "数据集的迭代和可视化",
                         "标签编号 0..9 到 Fashion-MNIST 类别名的字典。"),
    "CustomImageDataset": Lesson("1.4.3", "Creating a Custom Dataset for your files", "为你的文件创建一个自定义数据集",
                                 "自定义数据集:图片在 img_dir 中,标签在没有表头的 CSV 文件中(每行 `文件名,标签`);"
                                 "实现 __init__、__len__ 和 __getitem__。"),
    "to_tensor": Lesson("1.5", "ToTensor", "transforms.ToTensor()",
                        "像 ToTensor 一样:PIL 图像或 uint8 数组 (H, W) / (H, W, C) -> float32 (C, H, W),取值范围 [0, 1]。"),
    "normalize": Lesson("1.5", "Normalize", "transforms.Normalize()",
                        "对 (..., C, H, W) tensor 的每个通道 c 计算 (t - mean[c]) / std[c];不修改 t。"),
    "one_hot": Lesson("1.5", "Lambda Transforms", "Lambda变换",
                      "教程中用 scatter_ 写的 Lambda:长度为 num_classes 的 float32 tensor,只有 label 处为 1。"),
    "NeuralNetwork": Lesson("1.6.2", "Define the Class", "定义类",
                            "快速开始中的多层感知机:Flatten,然后 784-512-512-10,线性层之间用 ReLU;返回 logits (N, 10)。"),
    "get_device": Lesson("1.6.1", "Get Device for Training", "获取训练的设备",
                         "有可用的 CUDA 设备时返回 \"cuda\",否则返回 \"cpu\"。"),
    "predict": Lesson("1.6.2", "Define the Class", "定义类",
                      "类别编号 (N,) int64:eval 模式,不跟踪梯度,对 logits 取 argmax。"),
    "single_layer_grads": Lesson("1.7.2", "Computing Gradients", "计算梯度",
                                 "z = x @ w + b,loss = BCE-with-logits(z, y),反向传播;返回 (loss, w.grad, b.grad)。"),
    "accumulated_grads": Lesson("1.7.4", "Optional Reading: Tensor Gradients and Jacobian Products",
                                "选读:tensor梯度和雅各布乘积",
                                "第一次 backward 后、第二次(梯度累加)后、清零后再做第三次后 inp.grad 的值。"),
    "forward_without_grad": Lesson("1.7.3", "Disabling Gradient Tracking", "禁止梯度跟踪",
                                   "在 no_grad 下计算 x @ w + b:结果的 requires_grad 为 False。"),
    "train_loop": Lesson("1.8.3", "Optimization Loop", "优化Loop",
                         "train 模式下在所有批次(包括最后一个不完整的批次)上训练一个 epoch;返回各批次损失的平均值。"),
    "test_loop": Lesson("1.8.4", "Full Implementation", "执行",
                        "(整个数据集上的准确率,取值 [0, 1];各批次损失的平均值);eval 模式,不跟踪梯度。"),
    "save_weights": Lesson("1.9.1", "Saving and Loading Model Weights", "保存和载入模型的权重",
                           "只保存 state_dict(纯 tensor),可以用 weights_only=True 载入。"),
    "load_weights": Lesson("1.9.1", "Saving and Loading Model Weights", "保存和载入模型的权重",
                           "以 weights_only 方式严格载入 state_dict(拒绝会执行代码的文件);返回 eval 模式的模型。"),
    "save_model": Lesson("1.9.2", "Saving and Loading Models with Shapes", "保存和载入模型的形状",
                         "用 pickle 保存整个模块:载入时需要能导入它的类,而且文件必须可信。"),
    "load_model": Lesson("1.9.2", "Saving and Loading Models with Shapes", "保存和载入模型的形状",
                         "反序列化整个模块(会执行代码:只用于可信的文件);返回 eval 模式的模型。"),
    "export_onnx": Lesson("1.9.3", "Exporting Model to ONNX", "将模型导出为ONNX",
                          "把 eval 模式的模型导出为一个自包含的 .onnx 文件,批次维度是动态的。"),
    "onnx_predict": Lesson("1.9.3", "Exporting Model to ONNX", "将模型导出为ONNX",
                           "用 onnxruntime 在 CPU 上对 float32 数组计算 logits。"),
}

# English for names whose reference has no docstring (module-level values).
EN_FALLBACK = {"labels_map": "The ten Fashion-MNIST class names by label: {0: \"T-Shirt\", ..., 9: \"Ankle Boot\"}."}

HEADER = '''\
"""My solution to PyTorch's "Learn the Basics" tutorial. / 我对 PyTorch 入门教程的解答。

Every contract name of the spec is below as a stub that raises NotImplementedError. Replace one
stub at a time with your own code, then run the tests of its tutorial page:
下面是规范要求的每一个名字,都是一个抛出 NotImplementedError 的桩。每次把一个桩换成你自己的
代码,然后运行它所在教程页面的测试:

    python -m spec check {target} -m "cpu and {first_page}"

Stubs are reported as "not implemented", never as failures; the summary at the end of the run
says which concept to work on next. Start with {first} ({first_where}).
桩会被报告为“未实现”,不算失败;运行结束时的总结会告诉你下一步做哪个概念。
从 {first}({first_where_zh})开始。
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image
from torch import nn
from torch.utils.data import DataLoader, Dataset
'''


def _reference_dir() -> Path:
    """reference/ without importing it (its __init__ imports torch)."""
    spec = importlib.util.find_spec("reference")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the reference package is not importable; install the project (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations)))


def reference_definitions() -> dict[str, ast.stmt]:
    """Contract name -> its top-level definition (def, class or assignment) in reference/*.py."""
    root = _reference_dir()
    init = ast.parse((root / "__init__.py").read_text(encoding="utf-8"))
    modules = {alias.asname or alias.name: node.module for node in init.body
               if isinstance(node, ast.ImportFrom) and node.module for alias in node.names}
    found: dict[str, ast.stmt] = {}
    trees: dict[str, ast.Module] = {}
    for name in CONTRACT:
        module = modules.get(name)
        if module is None:
            raise RuntimeError(f"reference/__init__.py does not import the contract name {name!r}")
        if module not in trees:
            path = root / (module.removeprefix("reference.").replace(".", "/") + ".py")
            trees[module] = ast.parse(path.read_text(encoding="utf-8"))
        for node in trees[module].body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name == name:
                found[name] = node
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
                found[name] = node
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                found[name] = node
        if name not in found:
            raise RuntimeError(f"{module} does not define the contract name {name!r}")
    return found


def _docstring(name: str, node: ast.stmt, target: str, indent: str) -> list[str]:
    concept = CONTRACT[name]
    lesson = LESSONS[name]
    english = ast.get_docstring(node) if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else None
    english = english or EN_FALLBACK.get(name, name)
    number = "" if lesson.subsection == concept.section else f"{lesson.subsection} "
    lines = [*english.splitlines(), "", lesson.what_zh, "",
             f"Tutorial / 教程: {concept.section} {concept.title}, {number}{lesson.en}",
             f"             {concept.section} {i18n.page_title(concept.page, 'zh')},{number}{lesson.zh}",
             f'Check / 检查: python -m spec check {target} -m "cpu and {concept.page}"']
    body = [f"{indent}{line}".rstrip() for line in lines]
    body[0] = f'{indent}"""{lines[0]}'
    return [*body, f'{indent}"""']


def _parameters(args: ast.arguments) -> list[str]:
    """Each parameter as PEP 8 writes it: `x: int = 1`, `x=1`, `*args`, a bare `*`, `/`."""

    def one(arg: ast.arg, default: ast.expr | None, prefix: str = "") -> str:
        text = prefix + arg.arg + (f": {ast.unparse(arg.annotation)}" if arg.annotation is not None else "")
        if default is not None:
            text += f" = {ast.unparse(default)}" if arg.annotation is not None else f"={ast.unparse(default)}"
        return text

    positional = [*args.posonlyargs, *args.args]
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    out = [one(a, d) for a, d in zip(positional, defaults)]
    if args.posonlyargs:
        out.insert(len(args.posonlyargs), "/")
    if args.vararg is not None:
        out.append(one(args.vararg, None, "*"))
    elif args.kwonlyargs:
        out.append("*")
    out += [one(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults)]
    if args.kwarg is not None:
        out.append(one(args.kwarg, None, "**"))
    return out


def _signature(node: ast.FunctionDef, indent: str = "") -> list[str]:
    """`def name(params) -> returns:`, one parameter a line when it would pass 100 columns."""
    returns = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
    params = _parameters(node.args)
    line = f"{indent}def {node.name}({', '.join(params)}){returns}:"
    if len(line) <= 100:
        return [line]
    return [f"{indent}def {node.name}(", *[f"{indent}    {p}," for p in params], f"{indent}){returns}:"]


def _stub(name: str, node: ast.stmt, target: str) -> list[str]:
    if isinstance(node, ast.FunctionDef):
        lines = [*_signature(node), *_docstring(name, node, target, "    "),
                 f'    raise NotImplementedError("{name}")']
        if name == "test_loop":
            lines += ["", "", "test_loop.__test__ = False  # a tutorial name, not a pytest test"]
        return lines
    if isinstance(node, ast.ClassDef):
        bases = ", ".join(ast.unparse(b) for b in node.bases)
        lines = [f"class {name}({bases}):" if bases else f"class {name}:", *_docstring(name, node, target, "    ")]
        for item in node.body:
            if not isinstance(item, ast.FunctionDef):
                continue
            lines += ["", *_signature(item, "    ")]
            doc = ast.get_docstring(item)
            if doc:
                lines.append(f'        """{doc.splitlines()[0]}"""')
            if item.name == "__init__" and bases:
                lines.append("        super().__init__()")
            label = name if item.name == "__init__" else f"{name}.{item.name}"
            lines.append(f'        raise NotImplementedError("{label}")')
        return lines
    # A module-level value (labels_map): None reads as "not implemented" until it is filled in.
    annotation = ast.unparse(node.annotation) if isinstance(node, ast.AnnAssign) else "Any"
    comment = ["# " + line if line else "#" for line in _docstring(name, node, target, "")]
    comment[0] = "# " + comment[0].removeprefix('# """')
    return [*comment[:-1], f"{name}: {annotation} | None = None  # replace None with the value / 把 None 换成值"]


def render(target: str) -> str:
    """The starter module's source; `target` is the path the learner passes to --impl."""
    nodes = reference_definitions()
    first = next(iter(CONTRACT))
    first_page = CONTRACT[first].page
    lesson = LESSONS[first]
    out = [HEADER.format(
        target=target, first=first, first_page=first_page,
        first_where=f"tutorial {lesson.subsection} {lesson.en}",
        first_where_zh=f"教程 {lesson.subsection} {lesson.zh}",
    )]
    page = None
    for name, concept in CONTRACT.items():
        if concept.page != page:
            page = concept.page
            rule = f"# {PAGES[page][0]} {PAGES[page][1]} / {i18n.page_title(page, 'zh')} "
            out += ["", "", rule + "-" * max(4, 99 - i18n.width(rule))]
        out += ["", "", *_stub(name, nodes[name], target)]
    return "\n".join(out).rstrip() + "\n"
