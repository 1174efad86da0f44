"""The pages' own words in Chinese: every prose text a page (or a check helper) gives a failure as its situation,
expected or actual, keyed by its English text, one spelling per idea.

A page writes English only (`situation="one channel for grayscale"`); the failure keeps it as data, and renders it
in Chinese from this table (spec/results/failure.py). A page's f-string is keyed by its template, the expressions
as the source writes them (`"the CSV {lines}"`); the values filled in stay as they are (code, values, quotations).
meta/test_feedback.py reads every page with `ast` and fails on a prose text that has no entry here.

    translate("one channel for grayscale", "zh") -> "灰度图只有一个通道"
    translate("the CSV ['a.png,1']", "zh") -> "CSV ['a.png,1']"
"""

# ruff: noqa: E501  (a table of one entry per line: each English text stays whole, to be found by grep)

from __future__ import annotations

import re
from functools import cache

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")  # `{expr}` of an f-string's template: the expression as written


def translate(text: str, lang: str) -> str:
    """`text` in `lang`: its entry's Chinese, the template's values filled in; `text` itself where there is none
    (a value, code, a quotation, or a language without a table)."""
    if lang != "zh" or not text:
        return text
    found = match(text)
    if found is None:
        return text
    key, values = found
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], ZH[key])


def match(text: str) -> tuple[str, dict[str, str]] | None:
    """(the entry's English key, {placeholder: the value in `text`}) of `text`, or None. An exact key first,
    then the template with the most fixed text that matches the whole of `text`."""
    if text in ZH:
        return text, {}
    for key, pattern in _templates():
        m = pattern.fullmatch(text)
        if m:
            names = PLACEHOLDER.findall(key)
            return key, {name: m.group(i + 1) for i, name in enumerate(names)}
    return None


@cache
def _templates() -> list[tuple[str, re.Pattern[str]]]:
    """The keys with placeholders, as patterns (a placeholder: any text, shortest first), the most fixed text first:
    a template of only a placeholder would translate every text, so none may have no fixed text."""
    found = []
    for key in ZH:
        parts = PLACEHOLDER.split(key)  # fixed, name, fixed, name, ..., fixed
        if len(parts) == 1:
            continue
        fixed = parts[::2]
        if not "".join(fixed).strip():
            raise ValueError(f"prose template {key!r} has no fixed text")
        pattern = "(.*?)".join(re.escape(part) for part in fixed)
        found.append((len("".join(fixed)), key, re.compile(pattern, re.DOTALL)))
    return [(key, pattern) for _, key, pattern in sorted(found, key=lambda item: -item[0])]


# English (as the page writes it) -> Chinese, in the style of the tutorial's Chinese translation. Code inside a
# text (`model.eval()`, `torch.save(...)`) stays code; placeholders stay as the English writes them.
ZH: dict[str, str] = {
    # the check helpers (spec/helpers/checks.py)
    "the very same object it was given (in-place)": "传入的同一个对象(原位修改)",
    "{short(actual)} of type {type(actual).__name__}": "{short(actual)},类型为 {type(actual).__name__}",
    "a tuple of {count} results": "由 {count} 个结果组成的元组",
    # tensors (1.2)
    "t holds inf, -inf and nan: only its shape, dtype and device matter": "t 含有 inf、-inf 和 nan:只看它的形状、dtype 和设备",
    "after a[0, 0] = 5 on a = ones_like(t): a new tensor each call": "在 a = ones_like(t) 上执行 a[0, 0] = 5 之后:每次调用都应得到一个新张量",
    "writing one entry of a changes that entry only": "写入 a 的一个元素只改变这一个元素",
    "within [0, 1) (torch.rand)": "在 [0, 1) 之内(torch.rand)",
    "about (0.5, 0.25, 0.75): uniform on [0, 1) like torch.rand": "约为 (0.5, 0.25, 0.75):与 torch.rand 一样在 [0, 1) 上均匀分布",
    "about 187: one draw per element": "约为 187:每个元素各抽取一次",
    "about 0 of 187: each call draws new random numbers (seed once, outside, if at all)": "187 个中约为 0 个:每次调用都抽取新的随机数(如需设置种子,只在外部设置一次)",
    "a triple (shape, dtype, device)": "一个三元组 (shape, dtype, device)",
    "from_numpy shares memory: no copy": "from_numpy 共享内存:不复制",
    "{expected.numpy()}: the change made through t": "{expected.numpy()}:即通过 t 所做的修改",
    "from_numpy shares memory": "from_numpy 共享内存",
    "{t.numpy()}: the change made to t": "{t.numpy()}:即对 t 所做的修改",
    "to_numpy shares memory": "to_numpy 共享内存",
    "a tuple of ints": "由整数组成的元组",
    "the in-place copy is x.copy_(y)": "原位复制应写作 x.copy_(y)",
    "the values of t": "t 的值",
    "{selects}, of shape {words}": "{selects},形状为 {words}",
    "a view sharing t's storage (basic indexing), not a copy": "与 t 共享存储的视图(基本索引),而不是副本",
    "t[:, {j}] = 0: a negative j counts from the last column": "t[:, {j}] = 0:负的 j 从最后一列倒数",
    "t holds inf and nan, in column 2 and in others": "t 在第 2 列和其他列中含有 inf 和 nan",
    "all zeros: t itself is changed (in place), not a copy of it": "全为零:改变的是 t 本身(原位),而不是它的副本",
    "shape {tuple(expected.shape)}": "形状 {tuple(expected.shape)}",
    "a Python number": "一个 Python 数值",
    "a one-element tensor in an autograd graph": "计算图中只有一个元素的张量",
    "only a one-element tensor has one value": "只有单元素张量才有单个值",
    "t is a transposed view": "t 是转置后的视图",
    # transforms (1.5)
    "channels first": "通道维在前",
    "one channel for grayscale": "灰度图只有一个通道",
    "{_corner(expected)}: pixel (y, x), channel c at out[c, y, x]": "{_corner(expected)}:像素 (y, x) 的通道 c 位于 out[c, y, x]",
    "as T.ToTensor()": "与 T.ToTensor() 相同",
    "a tensor of shape {tuple(expected.shape)}": "形状为 {tuple(expected.shape)} 的张量",
    "a tensor of shape {tuple(t.shape)}": "形状为 {tuple(t.shape)} 的张量",
    "False: a new tensor": "False:一个新的张量",
    "the input's, as T.Normalize": "与输入相同,和 T.Normalize 一样",
    "labels 0..{n - 1}": "标签 0..{n - 1}",
    "a new tensor from every call": "每次调用都得到一个新的张量",
    'a PIL image of mode "L", 28x28': '模式为 "L" 的 28x28 PIL 图像',
    "as with T.ToTensor()": "与使用 T.ToTensor() 时相同",
    "including transform and target_transform": "包括 transform 和 target_transform",
    'a PIL image of mode "RGB"': '模式为 "RGB" 的 PIL 图像',
    "the same pixels": "相同的像素",
    "different": "不同",
    "the same output": "相同的输出",
    "more than one: a random transform": "不止一种:一个随机变换",
    "about 200": "约为 200",
    "in [10, 20], not all equal": "在 [10, 20] 之内,且不全相等",
    "as torch.rot90(x, 1, (1, 2))": "与 torch.rot90(x, 1, (1, 2)) 相同",
    "exactly one: a crop of the image, not resized": "恰好一种:图像的一块裁剪,不缩放",
    "area in [0.08, 1], ratio in [3/4, 4/3], inside": "面积在 [0.08, 1] 之内,宽高比在 [3/4, 4/3] 之内,且在图像内部",
    "pixels / 255": "像素值 / 255",
    "one saying it is deprecated, naming v2.ToImage()": "一条说明它已弃用并提到 v2.ToImage() 的警告",
    "transforms.ToTensor()(image)": "transforms.ToTensor()(image)",
    "False: x * (1/255) and x / 255 round differently for some x": "False:对某些 x,x * (1/255) 与 x / 255 的舍入不同",
    "one saying 'pretrained' is deprecated (use 'weights')": "一条说明 'pretrained' 已弃用(请用 'weights')的警告",
    "as models.vgg16(pretrained=True) warns, on a smaller model": "与 models.vgg16(pretrained=True) 的警告相同,换用一个较小的模型",
    "torch 2.10+ and torchvision 0.25+": "torch 2.10+ 和 torchvision 0.25+",
    "the versions this kit needs (pyproject.toml)": "本套件所需的版本(pyproject.toml)",
    "with CUDA": "有 CUDA 时",
    "a CUDA build, CUDA available: {torch.cuda.is_available()}": "CUDA 版本的 torch,CUDA 可用:{torch.cuda.is_available()}",
    "the tutorial's idiom, as get_device() picks": "教程的惯用写法,与 get_device() 的选择相同",
    "torchvision {torchvision.__version__}": "torchvision {torchvision.__version__}",
    "path: a PNG, data: its bytes": "path:一个 PNG 文件,data:它的字节",
    # autograd (1.7)
    "{expected} within rtol={tol.rtol}, atol={tol.atol}": "{expected},误差在 rtol={tol.rtol}, atol={tol.atol} 之内",
    "iterate over the dataloader given, as it batches": "遍历传入的 dataloader,按它的分批",
    "all {model_device}, the model's device (X, y = X.to(device), y.to(device))": "全部在 {model_device},即模型所在的设备(X, y = X.to(device), y.to(device))",
    "each row equals b.grad": "每一行都等于 b.grad",
    "False (and grad_fn None): compute it inside `with torch.no_grad():`": "False(且 grad_fn 为 None):请在 `with torch.no_grad():` 中计算",
    "False (and grad_fn None): compute all of x @ w + b inside `with torch.no_grad():`": "False(且 grad_fn 为 None):请在 `with torch.no_grad():` 中计算整个 x @ w + b",
    "the caller's tensors, unchanged": "调用者的张量,保持不变",
    "True: `with torch.no_grad():` restores it on exit; torch.set_grad_enabled(False) does not": "True:`with torch.no_grad():` 退出时会恢复它;torch.set_grad_enabled(False) 不会",
    "False, as the caller had it: a `with torch.no_grad():` block restores the mode it found": "False,与调用者的设置相同:`with torch.no_grad():` 块会恢复进入时的模式",
    "False: a copy taken when it was inp.grad, inp.grad.clone() right after that backward": "False:在它还是 inp.grad 时取的副本,即那次 backward 之后立即执行 inp.grad.clone()",
    "a batch: one row per sample": "一个批次:每个样本一行",
    "False: separate tensors, inp.grad.clone() after each backward": "False:各自独立的张量,每次 backward 之后执行 inp.grad.clone()",
    "AddBackward0 (z = x @ w + b ends with an addition)": "AddBackward0(z = x @ w + b 的最后一步是加法)",
    "x does not require grad": "x 不需要梯度",
    "warnings {[str(w.message)[:80] for w in caught]}": "警告 {[str(w.message)[:80] for w in caught]}",
    "a UserWarning that z is not a leaf": "一条说明 z 不是叶子节点的 UserWarning",
    "the graph is freed": "计算图已释放",
    "RuntimeError: {str(exc)[:200]}": "RuntimeError: {str(exc)[:200]}",
    "an error that suggests retain_graph=True": "一个建议使用 retain_graph=True 的错误",
    "gradients accumulate: 2 * first": "梯度会累加:2 * first",
    "True: detach makes no copy (clone() does)": "True:detach 不复制(clone() 才复制)",
    "the same object": "同一个对象",
    "different objects: a new graph per forward": "不同的对象:每次前向传播都建一个新的计算图",
    "the same as after loss.backward()": "与 loss.backward() 之后相同",
    "out of shape (5, 4)": "形状为 (5, 4) 的 out",
    "a tensor: a leaf with requires_grad=True": "一个张量:requires_grad=True 的叶子节点",
    "all changed and finite": "全部改变且为有限值",
    "after {steps} steps": "{steps} 步之后",
    "under torch.inference_mode(), as under torch.no_grad()": "在 torch.inference_mode() 下,与在 torch.no_grad() 下相同",
    "as torch's model(x)": "与 torch 的 model(x) 相同",
    "twice the gradient of one backward()": "一次 backward() 梯度的两倍",
    "the method is loss.backward()": "方法应为 loss.backward()",
    # the quickstart and the optimization loops (1.1, 1.8)
    "{want.accuracy} (the published loop's, within 2 images)": "{want.accuracy}(教程发布的循环的结果,相差不超过 2 张图片)",
    "in [{low}, {high}] (the tutorial: 0.6577; measured here over 10 seeds: 0.6396-0.6535)": "在 [{low}, {high}] 之内(教程:0.6577;此处用 10 个种子测得:0.6396-0.6535)",
    "decreasing epoch over epoch": "逐轮下降",
    "a TypeError saying that a method is not an iterable of parameters": "一个说明方法不是参数可迭代对象的 TypeError",
    "the right predictions": "正确的预测",
    "within 0.25 of ln(10) = {chance}, far above the text's 1.156493": "与 ln(10) = {chance} 相差不超过 0.25,远高于正文中的 1.156493",
    "the first batch's loss of 8 fresh models": "8 个新模型第一个批次的损失",
    "the text's, in a fresh script": "正文中的结果,在一个新的脚本中",
    "another image's logits than model(x)[0]": "与 model(x)[0] 不同的另一张图像的 logits",
    "text: the text's class list": "text:正文中的类别列表",
    "as nn.NLLLoss()(nn.LogSoftmax(dim=1)(logits), targets)": "与 nn.NLLLoss()(nn.LogSoftmax(dim=1)(logits), targets) 相同",
    "None (set_to_none=True is the default since torch 2.0)": "None(自 torch 2.0 起 set_to_none=True 是默认值)",
    "correct over all batches / len(dataloader.dataset)": "所有批次的 correct 之和 / len(dataloader.dataset)",
    "a fraction in [0, 1]": "一个 [0, 1] 之内的比例",
    "one per batch (4 here)": "每个批次一个(此处为 4 个)",
    "call model.eval()": "调用 model.eval()",
    "with torch.no_grad(): around the loop": "用 with torch.no_grad(): 包住循环",
    "with torch.no_grad(), not model.requires_grad_(False)": "使用 with torch.no_grad(),而不是 model.requires_grad_(False)",
    "the reference's": "与参考实现相同",
    "the reference's, on (3, 5, 7) inputs with 7 classes": "与参考实现相同,输入为 (3, 5, 7),共 7 个类别",
    "on {n} samples: nothing kept between calls": "在 {n} 个样本上:调用之间不保留任何东西",
    "as before test_loop": "与 test_loop 之前相同",
    "as the reference's epoch from the same start": "与参考实现从同一起点训练一轮的结果相同",
    "call model.train()": "调用 model.train()",
    "a float (loss.item() gives one)": "一个浮点数(loss.item() 会给出)",
    "use the optimizer as given": "按原样使用传入的优化器",
    "the caller's": "与调用者的相同",
    "the epoch's mean batch loss": "本轮各批次损失的平均值",
    "optimizer.step() of the optimizer given, its state kept": "调用传入优化器的 optimizer.step(),保留它的状态",
    "a frozen parameter": "一个冻结的参数",
    "batch k's gradient alone: optimizer.zero_grad() before loss.backward(), every batch": "只有第 k 个批次的梯度:每个批次都在 loss.backward() 之前调用 optimizer.zero_grad()",
    "this batch's gradient (order: zero_grad, backward, step)": "本批次的梯度(顺序:zero_grad、backward、step)",
    "epoch {epoch}: no total kept across calls": "第 {epoch} 轮:调用之间不保留累计值",
    "the pair (accuracy, avg_loss) (or None, after printing them as the tutorial does)": "二元组 (accuracy, avg_loss)(或者像教程那样打印后返回 None)",
    '(accuracy, avg_loss), or None after printing them as the tutorial does ("Accuracy: 65.8%, Avg loss: 1.074610"); it printed {printout[-120:]}': '(accuracy, avg_loss),或者像教程那样打印后返回 None("Accuracy: 65.8%, Avg loss: 1.074610");它打印的是 {printout[-120:]}',
    "-log_probs[torch.arange(17), targets].mean()": "-log_probs[torch.arange(17), targets].mean()",
    "((pred - target) ** 2).mean()": "((pred - target) ** 2).mean()",
    "param - lr * param.grad": "param - lr * param.grad",
    # the model (1.6)
    "[id(p) for p in model.parameters()]": "[id(p) for p in model.parameters()]",
    "two worker processes, neither of them this process ({os.getpid()})": "两个工作进程,都不是当前进程({os.getpid()})",
    "each of the dataset's 4 items is the id of the process that loads it": "数据集的 4 个样本各是加载它的进程的 id",
    "the layers listed in this order: {layers}": "按此顺序列出的层:{layers}",
    "a model on the CPU: leave the device to the caller, model = NeuralNetwork().to(device)": "一个在 CPU 上的模型:设备留给调用者决定,model = NeuralNetwork().to(device)",
    "torch.cuda.is_available() made True": "令 torch.cuda.is_available() 为 True",
    "[]: build the layers in __init__, so each model gets its own": "[]:在 __init__ 中构建各层,使每个模型都有自己的层",
    "[]: each draws its own weights (seed in the script, not __init__)": "[]:每个模型各自抽取权重(种子在脚本中设置,而不是在 __init__ 中)",
    "the logits of model(x)": "model(x) 的 logits",
    "the first nn.Linear's input: x flattened": "第一个 nn.Linear 的输入:展平后的 x",
    "the logits of model.train()(x)": "model.train()(x) 的 logits",
    "[]: every layer's weight and bias gets a gradient": "[]:每一层的 weight 和 bias 都得到梯度",
    "the tutorial model's tutorial(x)": "教程模型的 tutorial(x)",
    "x with its negatives zeroed": "负值置零后的 x",
    "values in [0, 1]": "值在 [0, 1] 之内",
    "str (or torch.device)": "str(或 torch.device)",
    'a tensor: a device this machine has ("cuda" only when torch.cuda.is_available())': '一个张量:在本机具有的设备上(只有 torch.cuda.is_available() 时才用 "cuda")',
    "get_device() answered {device}": "get_device() 的回答是 {device}",
    "torch reports a CUDA device": "torch 报告有 CUDA 设备",
    "at least one call of the model": "至少调用一次模型",
    "7 images: model(x).argmax(dim=1)": "7 张图像:model(x).argmax(dim=1)",
    "the new weights' model(x).argmax(dim=1)": "新权重下的 model(x).argmax(dim=1)",
    "the first call's result, kept as it was": "第一次调用的结果,保持原样",
    "the model (an nn.Module)": "模型(一个 nn.Module)",
    "{before}: {how} alone, no model.eval()": "{before}:只用 {how},不调用 model.eval()",
    "the device's fastest": "该设备上最快的",
    # datasets and data loaders (1.4)
    "a pair (image, label)": "一个二元组 (image, label)",
    "the 1-line CSV {line}": "只有 1 行的 CSV {line}",
    "the CSV {lines}": "CSV {lines}",
    "line 3 of the CSV {lines}": "CSV {lines} 的第 3 行",
    "the CSV's first line, not a header": "CSV 的第一行不是表头",
    "a torch.Tensor, uint8 (C, H, W): read the file with torchvision.io.read_image(img_path) as the tutorial does, or open it with PIL and convert it with torchvision.transforms.PILToTensor()": "一个 uint8 的 torch.Tensor (C, H, W):像教程那样用 torchvision.io.read_image(img_path) 读取文件,或者用 PIL 打开后用 torchvision.transforms.PILToTensor() 转换",
    "an RGB PNG, (3, 17, 11)": "一张 RGB PNG 图像,(3, 17, 11)",
    "calls of t for one dataset[4]": "一次 dataset[4] 中对 t 的调用",
    "what t was given": "t 收到的参数",
    "what tt was given": "tt 收到的参数",
    "two dataset[3]": "两次 dataset[3]",
    "two separate results of t": "t 的两个独立的结果",
    "(images, labels)": "(images, labels)",
    "an error with line numbers {numbers}: {type(exc).__name__}: {exc}": "带行号 {numbers} 的错误:{type(exc).__name__}: {exc}",
    "an error with line number {lineno} (the CSV's lines counted from 1), or no line number at all": "带行号 {lineno} 的错误(CSV 的行从 1 开始计数),或者完全不带行号",
    "an error naming the missing file (missing.png) or the CSV line (line 4)": "一个指出缺失文件(missing.png)或 CSV 行(第 4 行)的错误",
    "a pair (image, label), or an error": "一个二元组 (image, label),或者一个错误",
    "an error, or {label} as read (a string or a float), not an integer made from it": "一个错误,或者按读入的样子给出 {label}(字符串或浮点数),而不是由它转换成的整数",
    "a tensor: see {PIL_TEST}": "一个张量:见 {PIL_TEST}",
    "a pair (image, label): return image, label": "一个二元组 (image, label):return image, label",
    "in lower case, up to any '/'": "小写,截至第一个 '/'",
    "line {idx + 1}: {name},{label}": "第 {idx + 1} 行:{name},{label}",
    "csv starts with the byte-order mark b'\\xef\\xbb\\xbf'": "csv 以字节顺序标记 b'\\xef\\xbb\\xbf' 开头",
    "the CSV lines sub/c.png,5 and sub/../a.png,6": "CSV 行 sub/c.png,5 和 sub/../a.png,6",
    "an error naming the file's path and line 2": "一个指出文件路径和第 2 行的错误",
    "a 4-line and a 3-line CSV: each dataset holds its own rows": "一个 4 行和一个 3 行的 CSV:每个数据集保存自己的行",
    "after second was read": "读取 second 之后",
    "second/{NAMES[idx]}, after first/{NAMES[idx]} was read: each dataset reads its own img_dir": "读取 first/{NAMES[idx]} 之后的 second/{NAMES[idx]}:每个数据集读取自己的 img_dir",
    "damaged files": "损坏的文件",
    "whole files, or none": "完整的文件,或者没有文件",
    "label {label}, lower case": "标签 {label},小写",
    "ToTensor() of each image": "每张图像的 ToTensor()",
    "under 2 s": "不到 2 秒",
    "a text that says SYNTHETIC": "一段写着 SYNTHETIC 的文字",
    "under 0.5 s": "不到 0.5 秒",
    "after a second find_root(): the cache is not written again": "第二次调用 find_root() 之后:缓存不会再写一次",
    "a FileNotFoundError": "一个 FileNotFoundError",
    "no data anywhere": "哪里都没有数据",
    "a text naming {root} and FASHION_MNIST_ROOT, not SYNTHETIC": "一段提到 {root} 和 FASHION_MNIST_ROOT 的文字,而不是 SYNTHETIC",
    "real (not synthetic) files under FASHION_MNIST_ROOT": "FASHION_MNIST_ROOT 下真实的(非合成的)文件",
    "a test split of 30 images": "30 张图像的测试集",
    "no label file": "没有标签文件",
    "a text naming {part}": "一段提到 {part} 的文字",
    "other bytes": "其他字节",
    "the decompressed file": "解压后的文件",
    "epoch 1": "第 1 轮",
    "epoch 2": "第 2 轮",
    "not the dataset's order": "不是数据集原来的顺序",
    "unlike epoch 1": "与第 1 轮不同",
    "the images of its indices": "这些索引对应的图像",
    "the labels of its indices": "这些索引对应的标签",
    "order(7) again": "再一次 order(7)",
    "equal": "相等",
    "unlike order(8)": "与 order(8) 不同",
    "a SequentialSampler (no shuffle)": "一个 SequentialSampler(不打乱)",
    "epoch {epoch}": "第 {epoch} 轮",
    # save and load (1.9), ONNX
    "refused by weights-only loading: the file pickles {unsafe}": "被只加载权重的方式拒绝:文件中 pickle 了 {unsafe}",
    "a state_dict of plain tensors: torch.save(model.state_dict(), path), not the model or the bound method model.state_dict": "只含普通张量的 state_dict:torch.save(model.state_dict(), path),而不是模型本身或绑定方法 model.state_dict",
    "the unpickled model: torch.load(path, weights_only=False), for files you wrote yourself (weights_only=True is torch.load's default since 2.6 and refuses the model's classes)": "反序列化得到的模型:torch.load(path, weights_only=False),只用于你自己写的文件(自 2.6 起 weights_only=True 是 torch.load 的默认值,它会拒绝模型的类)",
    "a dict (the state_dict)": "一个字典(state_dict)",
    "to include the buffers {buffers}: save model.state_dict(), not named_parameters()": "包含缓冲区 {buffers}:保存 model.state_dict(),而不是 named_parameters()",
    "ran the file's code (it created the directory 'pwned')": "运行了文件中的代码(它创建了目录 'pwned')",
    "refused unread: torch.load(path, weights_only=True) (unpickling an untrusted file runs its code)": "不读取就拒绝:torch.load(path, weights_only=True)(反序列化不可信的文件会运行其中的代码)",
    "an error (pickle.UnpicklingError from weights-only loading)": "一个错误(只加载权重时的 pickle.UnpicklingError)",
    "the model: torch.save(model, path)": "模型本身:torch.save(model, path)",
    "return model.eval()": "return model.eval()",
    "two independent models (torch.load unpickles anew each time; no cache)": "两个相互独立的模型(torch.load 每次都重新反序列化;没有缓存)",
    "read the file each time": "每次都读取文件",
    "saved, not moved": "已保存,而不是被移动",
    "the weights: torch.save(model.state_dict(), path)": "权重:torch.save(model.state_dict(), path)",
    "each save writes the model given": "每次保存都写入传入的模型",
    "read the file each time: it may have changed": "每次都读取文件:它可能已经改变",
    "the default refuses the file unread": "默认设置不读取就拒绝该文件",
    "weights_only=False runs the file's code": "weights_only=False 会运行文件中的代码",
    "scaffolding: the retagged file (torch.save's format changed?)": "测试脚手架:重新标记的文件(torch.save 的格式变了?)",
    "an error naming the missing and the unexpected key": "一个指出缺失的键和多余的键的错误",
    "no error": "没有错误",
    "symbolic (dim_param, e.g. 'batch'), not fixed": "符号维度(dim_param,例如 'batch'),而不是固定值",
    "as model(x)": "与 model(x) 相同",
    "as model(x), x: hypothesis's example": "与 model(x) 相同,x:hypothesis 生成的样例",
    "rows without a near-tie": "没有接近并列的行",
    "as before export_onnx": "与 export_onnx 之前相同",
    "scaffolding: before export_onnx": "测试脚手架:export_onnx 之前",
    "a DeprecationWarning about the legacy TorchScript-based ONNX export": "一条关于旧的基于 TorchScript 的 ONNX 导出的 DeprecationWarning",
    "its warnings": "它的警告",
    "an error about the input's dimensions": "一个关于输入维度的错误",
    "as model.eval()(x): Dropout optimized away": "与 model.eval()(x) 相同:Dropout 被优化掉",
    "optimizations off: Dropout(training_mode=True)": "关闭优化:Dropout(training_mode=True)",
    "logits (N, 10)": "logits (N, 10)",
    "as model.eval()(x), {run} run": "与 model.eval()(x) 相同,{run} 运行",
    "a file (the first test that exported this model shows the traceback)": "一个文件(第一个导出此模型的测试会显示回溯)",
    "a file whose input is 'pixels' and output 'scores'": "一个输入名为 'pixels'、输出名为 'scores' 的文件",
    "x: hypothesis's example": "x:hypothesis 生成的样例",
    "the {version} model written to path": "写入 path 的 {version} 模型",
    # the quickstart's command line (1.1)
    "a tqdm progress bar on stderr (unit: batch)": "stderr 上的 tqdm 进度条(单位:批次)",
    "within 2 images": "相差不超过 2 张图片",
    "the tutorial's line on stdout: {line}": "stdout 上教程的那一行:{line}",
    "missing": "缺失",
    "written": "已写入",
    "a line on stdout with {line}": "stdout 上含有 {line} 的一行",
    "a line on stderr that says {DAMAGES[kind]}": "stderr 上说明 {DAMAGES[kind]} 的一行",
    "a hint on stderr that --lr 1e+30 is too large": "stderr 上提示 --lr 1e+30 过大",
    "no such folder: this run created it, wrote nothing, removes it": "没有这个文件夹:本次运行创建了它,什么也没写,再删除它",
    "one epoch on stdout (the disk fills after)": "stdout 上的一轮输出(之后磁盘写满)",
    "the previous run's files, byte for byte": "上一次运行的文件,逐字节相同",
    "grey pixels in curves.png": "curves.png 中的灰色像素",
}
