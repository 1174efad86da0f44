"""The common mistakes, named: each recogniser is data (the mistake, the evidence it reads, its words and the fix).

A failing check says what differed (spec/results/failure.py); a mistake says why, in the learner's terms, with
the fix. A recogniser names a mistake only when both kinds of evidence agree:

- behaviour: a test of its own failed (`tests`, by the test function's name), or the learner's code raised one of
  its errors (`raised`, read from the Failure's `actual`/`raised` and the crash line);
- source: the learner's definition of the failing concept has the construct (`has`, spec/results/source.py),
  which also gives the line to show.

So a file whose right code fails for another reason is never told a mistake it does not have. A `note` is a remark
on code that passes (the tutorial's print-only test_loop: the spec read its printout).

    found = recognise(test, impl_file)     # a TestResult of this run, the learner's file
    found.text("zh")                       # "常见错误:CSV 的第一行被当作表头读掉了 ...(你的第 19 行:...)"
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from spec.loading import notebook
from spec.results import source
from spec.results.model import TestResult

# The tutorial's printout of test_loop (spec/helpers/recorders.py reads it):
# f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n" (1.2 prints ",Avg loss:" without
# the space).
PRINTED = re.compile(
    r"Accuracy:\s*(?P<accuracy>[-+0-9.eE]+|nan|inf)\s*%\s*,\s*Avg loss:\s*(?P<loss>[-+0-9.eE]+|nan|inf)"
)

# -- the evidence of behaviour ---------------------------------------------------------------------------------


def _raised_text(test: TestResult) -> str:
    """What the learner's code raised, as the check and the crash recorded it."""
    parts = []
    if test.failure is not None:
        parts += [test.failure.actual, test.failure.raised]
    if test.crash is not None:
        parts.append(test.crash[2])
    return "\n".join(parts)


def _printed(test: TestResult) -> dict | None:
    """The accuracy and loss the spec read from the printout (its last one), on a test that passed by reading it."""
    if test.status != "pass" or not test.advice:
        return None
    match = next(reversed(list(PRINTED.finditer(test.output))), None)
    return {"accuracy": match["accuracy"], "loss": match["loss"]} if match else None


@dataclass(frozen=True)
class Mistake:
    """One common mistake: the evidence that shows it, and its words in each language ({line}, {code}, fields)."""

    id: str
    concepts: tuple[str, ...]  # the definitions it can be in (the source evidence is read there)
    has: Callable[[ast.AST], dict | None]  # source evidence: the construct, in the concept's definition
    words: dict[str, str]  # lang -> the mistake and the fix
    tests: tuple[str, ...] = ()  # behaviour: a failing test of one of these names ...
    raised: tuple[str, ...] = ()  # ... or one of these errors raised by the learner's code
    note: bool = False  # a remark on passing code: the behaviour is read by `shows` from a passing test
    shows: Callable[[TestResult], dict | None] | None = None

    def behaviour(self, test: TestResult) -> dict | None:
        """The fields of the behaviour evidence ({} when it has none), or None when the test does not show it."""
        if self.note:
            return self.shows(test) if self.shows else None
        if test.status not in ("fail", "error"):
            return None
        if test.name.split("[")[0] in self.tests:
            return {}
        text = _raised_text(test)
        return {} if any(r in text for r in self.raised) else None


_CUDA_ERRORS = (
    "Found no NVIDIA driver",
    "Torch not compiled with CUDA enabled",
    "Cannot re-initialize CUDA",
    "No CUDA GPUs are available",
    "CUDA driver",
    "Expected all tensors to be on the same device",
)

MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        id="csv_header",
        concepts=("CustomImageDataset",),
        has=source.has_csv_header_read,
        tests=(
            "test_custom_dataset_first_line_is_the_first_sample_not_a_header",
            "test_custom_dataset_len_counts_every_csv_line",
        ),
        words={
            "en": "the CSV's first line was read as a header, so the first sample is lost: the tutorial's "
            "labels.csv has no header. Fix: pd.read_csv(annotations_file, header=None)",
            "zh": "CSV 的第一行被当作表头读掉了,第一个样本因此丢失:教程的 labels.csv 没有表头。"
            "改正:pd.read_csv(annotations_file, header=None)",
        },
    ),
    Mistake(
        id="activation_after_last_linear",
        concepts=("NeuralNetwork",),
        has=source.has_activation_after_last_linear,
        tests=(
            "test_neural_network_logits_can_be_negative",
            "test_neural_network_logits_are_not_probabilities",
            "test_neural_network_returns_last_linear_output_unchanged",
            "test_neural_network_matches_tutorial_model_with_same_weights",
            "test_neural_network_learns_with_the_reference_loops",
        ),
        words={
            "en": "{layer} comes after the last nn.Linear: the model must return the last Linear's raw logits "
            "(nn.CrossEntropyLoss applies log-softmax itself; a ReLU there cuts every negative logit to 0). "
            "Fix: end the model on nn.Linear(512, 10); apply nn.Softmax(dim=1) outside it, only to read probabilities",
            "zh": "最后一个 nn.Linear 之后还有 {layer}:模型应当返回最后一个 Linear 的原始 logits"
            "(nn.CrossEntropyLoss 自己会做 log-softmax;那里的 ReLU 会把所有负的 logit 变成 0)。"
            "改正:模型以 nn.Linear(512, 10) 结束;只在需要概率时,在模型之外使用 nn.Softmax(dim=1)",
        },
    ),
    Mistake(
        id="hard_coded_cuda",
        concepts=(
            "to_device",
            "NeuralNetwork",
            "get_device",
            "predict",
            "train_loop",
            "test_loop",
            "load_weights",
            "load_model",
        ),
        has=source.has_hard_coded_cuda,
        tests=("test_get_device_is_cuda_when_available_else_cpu",),
        raised=_CUDA_ERRORS,
        words={
            "en": 'CUDA is written into the code (.cuda() or "cuda"), and this machine has no CUDA GPU. '
            "Fix: move batches to the model's device: device = next(model.parameters()).device; "
            'X, y = X.to(device), y.to(device) (and choose "cuda" only if torch.cuda.is_available())',
            "zh": '代码里写死了 CUDA(.cuda() 或 "cuda"),而这台机器没有 CUDA GPU。'
            "改正:把每个批次移到模型所在的设备上:device = next(model.parameters()).device;"
            'X, y = X.to(device), y.to(device)(只有 torch.cuda.is_available() 时才选 "cuda")',
        },
    ),
    Mistake(
        id="missing_train_mode",
        concepts=("train_loop",),
        has=source.has_no_train_call,
        tests=("test_train_loop_puts_model_in_train_mode",),
        words={
            "en": "train_loop never calls model.train(), so a model left in eval mode trains with dropout and "
            "batch norm switched off. Fix: model.train() before the batch loop",
            "zh": "train_loop 没有调用 model.train(),处于评估模式的模型训练时 dropout 层和批归一化层(batch norm)"
            "都不起作用。改正:在批次循环之前调用 model.train()",
        },
    ),
    Mistake(
        id="missing_eval_mode",
        concepts=("test_loop", "predict", "load_weights", "load_model"),
        has=source.has_no_eval_call,
        tests=(
            "test_test_loop_runs_model_in_eval_mode",
            "test_predict_runs_forward_in_eval_mode",
            "test_load_weights_returns_the_model_in_eval_mode",
            "test_load_model_returns_the_model_in_eval_mode",
        ),
        words={
            "en": "model.eval() is never called, so dropout and batch norm stay in training mode while the model "
            "is evaluated (setting model.training = False does not reach the submodules). Fix: call model.eval()",
            "zh": "没有调用 model.eval(),评估时 dropout 层和批归一化层(batch norm)仍处于训练模式"
            "(设置 model.training = False 不会传到子模块)。改正:调用 model.eval()",
        },
    ),
    Mistake(
        id="zero_grad",
        concepts=("train_loop",),
        has=source.has_zero_grad_missing_or_misplaced,
        tests=("test_train_loop_zeroes_gradients_each_step", "test_train_loop_has_gradients_at_each_step"),
        words={
            "en": "optimizer.zero_grad() is {how}: gradients add up across batches, or are wiped before step() "
            "uses them. Fix: in each batch, optimizer.zero_grad(), then loss.backward(), then optimizer.step()",
            "zh": "optimizer.zero_grad() {how}:梯度会在批次之间累加,或者在 step() 使用之前被清零。"
            "改正:每个批次中依次调用 optimizer.zero_grad()、loss.backward()、optimizer.step()",
        },
    ),
    Mistake(
        id="loss_over_dataset",
        concepts=("train_loop", "test_loop"),
        has=source.has_loss_over_dataset,
        tests=("test_test_loop_avg_loss_is_mean_over_batches", "test_train_loop_returns_mean_of_batch_losses"),
        words={
            "en": "the summed loss is divided by the number of samples (len(dataloader.dataset)), but the tutorial "
            "averages over batches: each loss_fn(pred, y) is already a batch mean. Fix: test_loss /= num_batches, "
            "with num_batches = len(dataloader)",
            "zh": "累加的损失除以了样本数 (len(dataloader.dataset)),但教程按批次取平均:每个 loss_fn(pred, y) "
            "已经是一个批次的平均值。改正:test_loss /= num_batches,其中 num_batches = len(dataloader)",
        },
    ),
    Mistake(
        id="load_weights_not_weights_only",
        concepts=("load_weights",),
        has=source.has_weights_only_false,
        tests=("test_load_weights_refuses_code_execution",),
        words={
            "en": "torch.load(..., weights_only=False) unpickles the file, which runs any code it holds; weights "
            "need none. Fix: torch.load(path, weights_only=True) (the default since torch 2.6)",
            "zh": "torch.load(..., weights_only=False) 会反序列化文件,从而运行其中的任何代码;加载权重不需要代码。"
            "改正:torch.load(path, weights_only=True)(torch 2.6 起的默认值)",
        },
    ),
    Mistake(
        id="load_model_weights_only",
        concepts=("load_model",),
        has=source.has_load_without_weights_only,
        raised=("Weights only load failed",),
        words={
            "en": "torch.load without weights_only loads weights only since torch 2.6, so a whole saved model "
            "(torch.save(model, path)) does not load. Fix: torch.load(path, weights_only=False), for files you trust",
            "zh": "自 torch 2.6 起,不写 weights_only 的 torch.load 只加载权重,整个保存的模型 "
            "(torch.save(model, path)) 因此无法载入。改正:torch.load(path, weights_only=False),只用于你信任的文件",
        },
    ),
    Mistake(
        id="print_only_test_loop",
        concepts=("test_loop",),
        has=source.has_no_returned_value,
        note=True,
        shows=_printed,
        words={
            "en": "your test_loop prints and returns None, as the tutorial's does: the spec read your printout: "
            "{accuracy}% and {loss}. Returning (correct, test_loss) gives the caller the numbers themselves",
            "zh": "你的 test_loop 像教程一样只打印、返回 None:spec 读取了你的打印输出:{accuracy}% 和 {loss}。"
            "返回 (correct, test_loss) 可以让调用者直接得到这些数值",
        },
    ),
)
BY_ID = {m.id: m for m in MISTAKES}

# The zero_grad mistake's {how}, per language.
_HOW = {
    "en": {
        "missing": "never called",
        "once": "called once, outside the batch loop",
        "between": "called between loss.backward() and optimizer.step()",
    },
    "zh": {
        "missing": "从未被调用",
        "once": "只在批次循环之外调用了一次",
        "between": "在 loss.backward() 和 optimizer.step() 之间调用",
    },
}
_PREFIX = {"en": "common mistake", "zh": "常见错误"}
_NOTE = {"en": "note", "zh": "说明"}  # a note's prefix: the code is right
_LINE = {"en": "your line {line}: {code}", "zh": "你的第 {line} 行:{code}"}


@dataclass(frozen=True)
class Found:
    """A mistake recognised in one test: where in the learner's file, and the fields of its words."""

    mistake: Mistake
    concept: str
    path: str
    line: int
    fields: dict

    def code(self) -> str:
        """The learner's line as written (stripped), "" when the file cannot be read."""
        try:
            with open(self.path, encoding="utf-8") as f:
                lines = f.read().splitlines()
        except (OSError, UnicodeDecodeError):
            return ""
        return lines[self.line - 1].strip() if 0 < self.line <= len(lines) else ""

    def where(self, lang: str) -> str:
        """'your line 12: X = X.cuda()', or in a notebook's module its cell ('cell 4, line 2: ...')."""
        lang = lang if lang in _PREFIX else "en"
        cell = notebook.locate(self.path, self.line)
        place = f"{cell.cell_text(lang)}, {cell.line}" if cell else str(self.line)
        return _LINE[lang].format(line=place, code=self.code())

    def text(self, lang: str = "en") -> str:
        lang = lang if lang in _PREFIX else "en"
        fields = dict(self.fields)
        if "how" in fields:
            fields["how"] = _HOW[lang][fields["how"]]
        words = self.mistake.words[lang].format(**fields)
        prefix = (_NOTE if self.mistake.note else _PREFIX)[lang]
        if lang == "zh":  # full-width punctuation, as the translation writes it
            return f"{prefix}:{words}({self.where(lang)})"
        return f"{prefix}: {words} ({self.where(lang)})"

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """The report's `mistake` object."""
        return {"id": self.mistake.id, "concept": self.concept, "line": self.line, "message": self.text(lang)}


def recognise(test: TestResult, impl_file: str | None) -> Found | None:
    """The first mistake whose behaviour this test shows and whose construct the learner's definition has."""
    defs = source.definitions(impl_file)
    if not defs or impl_file is None:
        return None
    for mistake in MISTAKES:
        shown = mistake.behaviour(test)
        if shown is None:
            continue
        for concept in mistake.concepts:
            if concept not in test.concepts or concept not in defs:
                continue
            try:
                found = mistake.has(defs[concept])
            except RecursionError:  # ast.unparse of an absurdly nested expression: no evidence
                found = None
            if found is not None:
                return Found(mistake, concept, impl_file, found.pop("line"), {**found, **shown})
    return None


def recognise_all(tests: Iterable[TestResult], impl_file: str | None) -> list[Found]:
    """Each mistake recognised in `tests` once, in run order."""
    found: dict[str, Found] = {}
    for test in tests:
        hit = recognise(test, impl_file)
        if hit is not None and hit.mistake.id not in found:
            found[hit.mistake.id] = hit
    return list(found.values())


def notes(tests: Iterable[TestResult], impl_file: str | None) -> list[Found]:
    """The remarks on passing code (print-only loops), once each."""
    return [f for f in recognise_all(tests, impl_file) if f.mistake.note]
