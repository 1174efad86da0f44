"""Small models, a loss and an optimizer that record how the code under test used them.

A learner's train_loop, test_loop or predict is checked by what it did to these objects: the mode
and grad mode at every forward, the batches it fed, the gradients present at every optimizer step.

    model = make_recording_model(device=device)
    impl.test_loop(dataloader, model, loss_fn)
    model.calls  # [ForwardCall(training=False, inner_training=False, grad_enabled=False, ...), ...]
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import torch
from torch import nn

from spec.helpers.calls import Call
from spec.helpers.checks import check
from spec.results.mistakes import PRINTED  # test_loop's printout: read here, named in the mistakes' note

IN_FEATURES = 28 * 28  # the models take Fashion-MNIST shaped batches: (N, 1, 28, 28) or (N, 28, 28)
NUM_CLASSES = 10


class ForwardCall(NamedTuple):
    """The state of the world at one forward call of a RecordingModel."""

    training: bool  # model.training: set by model.train() / model.eval()
    inner_training: bool  # a submodule's .training: model.train() reaches it, `model.training = True` does not
    grad_enabled: bool  # torch.is_grad_enabled(): False under torch.no_grad() and torch.inference_mode()
    inference_mode: bool  # torch.is_inference_mode_enabled()
    device: torch.device  # of the input batch
    batch_size: int  # len of the input batch


class RecordingModel(nn.Module):
    """Flatten + Linear (784 -> 10) classifier that appends a ForwardCall to `.calls` at every forward."""

    def __init__(self) -> None:
        super().__init__()
        self.flatten = nn.Flatten()  # (N, 1, 28, 28) -> (N, 784)
        self.linear = nn.Linear(IN_FEATURES, NUM_CLASSES)
        self.calls: list[ForwardCall] = []

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.calls.append(
            ForwardCall(
                training=self.training,
                inner_training=self.linear.training,
                grad_enabled=torch.is_grad_enabled(),
                inference_mode=torch.is_inference_mode_enabled(),
                device=x.device,
                batch_size=len(x),
            )
        )
        return self.linear(self.flatten(x))  # a batch on another device than the weights raises here


def make_recording_model(*, device: str | torch.device = "cpu") -> RecordingModel:
    """A fresh RecordingModel on `device` (weights from torch's default init, i.e. the current seed)."""
    return RecordingModel().to(device)


def make_dropout_model(*, p: float = 0.5, device: str | torch.device = "cpu") -> nn.Sequential:
    """A small MLP (784 -> 32 -> 10) with a Dropout(p) inside: its output depends on train/eval mode."""
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(IN_FEATURES, 32),
        nn.ReLU(),
        nn.Dropout(p),  # zeroes activations in train mode only, drawing from torch's RNG
        nn.Linear(32, NUM_CLASSES),
    ).to(device)


OTHER_INPUT_SHAPE = (3, 5, 7)  # neither Fashion-MNIST's (1, 28, 28) nor 784 features once flattened
OTHER_NUM_CLASSES = 7  # nor its 10 classes


def make_other_classifier(*, device: str | torch.device = "cpu") -> nn.Sequential:
    """Flatten + Linear (105 -> 7) for (N, 3, 5, 7) inputs: loops that hard-code 28x28 or 10 classes fail on it."""
    return nn.Sequential(nn.Flatten(), nn.Linear(3 * 5 * 7, OTHER_NUM_CLASSES)).to(device)


class RecordingLoss(nn.Module):
    """nn.CrossEntropyLoss that appends every loss it returns (as a float) to `.values`."""

    def __init__(self) -> None:
        super().__init__()
        self.loss_fn = nn.CrossEntropyLoss()
        self.values: list[float] = []

    def forward(self, pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        loss = self.loss_fn(pred, target)
        self.values.append(loss.item())
        return loss


class Step(NamedTuple):
    """The parameters and their .grad at one optimizer.step() call, before the update."""

    params: list[torch.Tensor]
    grads: list[torch.Tensor | None]  # None where .grad was None


class RecordingSGD(torch.optim.SGD):
    """torch.optim.SGD that appends a Step (copies of parameters and gradients) to `.steps` at every step."""

    def __init__(self, params: Iterable[nn.Parameter], lr: float) -> None:
        super().__init__(params, lr=lr)
        self.steps: list[Step] = []

    def step(self, closure: Any = None) -> Any:
        loss = None
        if closure is not None:  # step(closure) runs the closure first (as SGD does): its backward fills .grad
            with torch.enable_grad():
                loss = closure()
        params = [p for group in self.param_groups for p in group["params"]]
        self.steps.append(
            Step(
                params=[p.detach().clone() for p in params],
                grads=[None if p.grad is None else p.grad.detach().clone() for p in params],
            )
        )
        super().step()
        return loss


# Calling a learner's loops (tutorial 1.8) ------------------------------------------------------
# The contract lets train_loop return None (the tutorial's does) and test_loop return None after
# printing the tutorial's line; these read what the loops reported, and give the advice once.

ADVICE_RETURNS = (
    "train_loop and test_loop may return None, as the tutorial's do; returning the mean loss and "
    "(accuracy, avg_loss) is handy: the caller can plot a curve or stop early without parsing prints"
)


def advise(request: Any, text: str) -> None:
    """Say `text` once at the end of the run: the summary (spec/results/summary.py) and the report show each
    advice once."""
    request.node.user_properties.append(("advice", text))


class TestLoopReport(NamedTuple):
    """What test_loop reported: returned, or read from its printout (then rounded: `atol` says how much)."""

    accuracy: Any  # a fraction in [0, 1] if right; as returned, unchecked
    avg_loss: Any
    accuracy_atol: float  # 0 for returned values; half the printout's last digit otherwise
    loss_atol: float
    printed: bool

    __test__ = False  # not a pytest test class


def _half_last_digit(text: str) -> float:
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text.lower() else 0
    return 0.5 * 10.0**-decimals


def read_test_loop(run: Callable[[], Any], *, call: Call, request: Any = None) -> TestLoopReport:
    """Run `run()` (the test_loop `call`) and take (accuracy, avg_loss) from its return value or its printout."""
    __tracebackhide__ = True
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = run()
    printout = out.getvalue()
    sys.stdout.write(printout)  # still shown with the test's captured output
    if result is None:
        match = next(reversed(list(PRINTED.finditer(printout))), None)
        check(
            match is not None,
            call=call,
            actual=None,
            kind="type",
            expected=f"(accuracy, avg_loss), or None after printing them as the tutorial does "
            f'("Accuracy: 65.8%, Avg loss: 1.074610"); it printed {printout[-120:]!r}',
        )
        if request is not None:
            advise(request, ADVICE_RETURNS)
        accuracy, loss = match["accuracy"], match["loss"]
        return TestLoopReport(
            float(accuracy) / 100, float(loss), _half_last_digit(accuracy) / 100, _half_last_digit(loss), printed=True
        )
    check(
        isinstance(result, (tuple, list)) and len(result) == 2,
        call=call,
        actual=result,
        kind="type",
        expected="the pair (accuracy, avg_loss) (or None, after printing them as the tutorial does)",
    )
    return TestLoopReport(result[0], result[1], 0.0, 0.0, printed=False)


def module_device(module: Any) -> torch.device | None:
    """The learner's module-level `device` (1.2: `device = "cuda" if torch.cuda.is_available() else "cpu"`)."""
    value = getattr(module, "device", None)
    try:
        return torch.device(value) if isinstance(value, (str, torch.device)) else None
    except RuntimeError:
        return None


def skip_unless_loops_run_on(module: Any, device: str) -> None:
    """Skip a loop test whose model would be on `device` when `module` moves batches to another `device`.

    The contract (reference/optimization.py): a loop puts each batch on its model's device. 1.2's loops
    move them to a module-level `device` instead, the device the tutorial put the model on: the spec
    runs them with the model there only, so a [cpu] test on a CUDA machine does not blame right code.
    """
    import pytest  # here: the recording objects above do not need pytest

    own = module_device(module)
    if own is not None and own.type != torch.device(device).type:
        pytest.skip(
            f"the module's `device` is {str(own)!r}: its loops are checked with the model there "
            f"(the [{own.type}] tests), as the tutorial runs them"
        )
