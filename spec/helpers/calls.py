"""A call as it ran, formatted once: the message's `call` and its `reproduce:` line come from this one value.

    c = Call.of("one_hot", "3")                       # one_hot(3)
    check_equal(out.dtype, torch.float32, call=c.dot("dtype"))
    m = Call("NeuralNetwork", "model(x).shape", setup="model = NeuralNetwork(); x = torch.rand(3, 28, 28)")

`concept` is the contract name the call speaks about (or a page marker for a fact of torch itself): the
failure's section comes from it (spec/contract.py), never from text typed in a page.

A reproduce line runs as pasted into a fresh Python where the learner's module is imported (`from my import *`,
or their notebook) after IMPORTS, the usual imports of the tutorial's pages: every other name it uses is built in
its setup (meta/test_feedback.py pastes every line the corpus gives).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

from spec import contract


class Tol(NamedTuple):
    """A tolerance pair for torch.testing.assert_close: |actual - expected| <= atol + rtol * |expected|."""

    rtol: float
    atol: float


EXACT = Tol(0.0, 0.0)

# What a reproduce line may take as imported, besides the learner's own names: the tutorial pages' imports.
IMPORTS = (
    "import numpy as np; import torch; from torch import nn; from PIL import Image; "
    "from torch.utils.data import DataLoader, Dataset, TensorDataset; from torchvision import datasets; "
    "from torchvision.datasets import FashionMNIST; from torchvision.transforms import ToTensor"
)


@dataclass(frozen=True)
class Call:
    """One expression of the code under test (or of torch), with the lines that build its inputs."""

    concept: str  # contract name or page marker (spec/contract.py)
    text: str  # the expression: "to_tensor(Image.fromarray(a))"
    setup: str = ""  # code that builds the inputs, run before `text`: "a = np.zeros((9, 7), np.uint8)"
    replay: str = ""  # the code a reproduce line runs where `text` also names what was observed ("" for `text`)

    def __post_init__(self) -> None:
        contract.section(self.concept)  # a typo in a page fails when the page is written, not when a check fails

    @classmethod
    def of(cls, concept: str, *args: str, setup: str = "", **kwargs: str) -> Call:
        """`concept(args, key=value)`: the arguments are given as source text a learner can paste."""
        parts = [*args, *(f"{key}={value}" for key, value in kwargs.items())]
        return cls(concept, f"{concept}({', '.join(parts)})", setup)

    def dot(self, attribute: str) -> Call:
        """The result's attribute or method: `c.dot("dtype")`, `c.dot("sum()")`."""
        return replace(self, text=f"{self.text}.{attribute}")

    def at(self, index: object) -> Call:
        """An item of the result: `c.at(0)` -> `...[0]`; a string is written as given (`c.at("0, :")`)."""
        return replace(self, text=f"{self.text}[{index}]")

    def then(self, suffix: str) -> Call:
        """Any other suffix: `c.then(" == x")`."""
        return replace(self, text=f"{self.text}{suffix}")

    def named(self, text: str) -> Call:
        """Another expression in the same situation (same concept and setup): `c.named("x")` for its input."""
        return replace(self, text=text, replay="")

    def observing(self, what: str) -> Call:
        """What was looked at while or after the call ran, which no expression reads back (a recorder saw it):
        `train_loop(...); model.training at each forward`. The reproduce line runs the call alone."""
        return replace(self, text=f"{self.text}; {what}", replay=self.replay or self.text)

    def also(self, setup: str) -> Call:
        """The same call after more setup lines."""
        return replace(self, setup=f"{self.setup}; {setup}" if self.setup else setup)

    @property
    def reproduce(self) -> str:
        """The code to paste: setup, then the expression; on a line of its own where it is a compound statement
        (`with torch.no_grad(): ...`), which cannot follow a `;`."""
        code = self.replay or self.text
        if not self.setup:
            return code
        compound = code.lstrip().startswith(("with ", "for ", "if ", "while ", "try:"))
        return f"{self.setup}{chr(10) if compound else '; '}{code}"

    def __str__(self) -> str:
        return self.text
