"""Tutorial 1.8.3 Optimization loop (优化Loop): what the page says about loss functions and the optimizer.

These pin the page's statements against the installed torch, so a learner can trust them (and so
that a torch release that changed one would be noticed): CrossEntropyLoss is LogSoftmax followed
by NLLLoss; MSELoss and NLLLoss are the means the page names; SGD's step is p - lr * grad;
gradients add up until zeroed, and zero_grad() now sets them to None.
"""

from __future__ import annotations

import pytest
import torch
from hypothesis import example, given
from torch import nn

from spec.helpers import strategies
from spec.helpers.calls import Call, Tol
from spec.helpers.checks import check, check_raises, check_tensor, check_tensor_equal, devices, make_tensor

pytestmark = pytest.mark.optimization
TOL = Tol(rtol=1e-6, atol=1e-6)
RAND = "torch.randn(17, 11)"  # the inputs below in a reproduce line (make_tensor draws them uniform in [-9, 9])


def fact(text: str, setup: str = "") -> Call:
    """A call of torch itself, in the page's words: its section is the page's."""
    return Call("optimization", text, setup)


@example(logits_and_targets=(torch.tensor([[0.0]]), torch.tensor([0])))  # one class: loss 0
@example(logits_and_targets=(torch.tensor([[1000.0, -1000.0]]), torch.tensor([1])))  # would overflow exp()
@given(logits_and_targets=strategies.classification_batches())
@pytest.mark.parametrize("device", devices())
def test_cross_entropy_is_log_softmax_then_nll_loss(
    logits_and_targets: tuple[torch.Tensor, torch.Tensor], device: str
) -> None:
    """ "nn.CrossEntropyLoss结合了nn.LogSoftmax和nn.NLLLoss": the loss takes logits, not probabilities."""
    logits, targets = (t.to(device) for t in logits_and_targets)
    actual = nn.CrossEntropyLoss()(logits, targets)
    expected = nn.NLLLoss()(nn.LogSoftmax(dim=1)(logits), targets)
    setup = f"logits = torch.tensor({logits.tolist()}); targets = torch.tensor({targets.tolist()})"
    check_tensor(
        actual,
        expected,
        call=fact("nn.CrossEntropyLoss()(logits, targets)", setup),
        tol=TOL,
        situation="as nn.NLLLoss()(nn.LogSoftmax(dim=1)(logits), targets)",
    )


@pytest.mark.parametrize("device", devices())
def test_nll_loss_is_mean_of_negated_target_log_probabilities(device: str) -> None:
    log_probs = torch.log_softmax(make_tensor((17, 11), device=device), dim=1)
    targets = torch.randint(0, 11, (17,), device=device)
    expected = -log_probs[torch.arange(17, device=device), targets].mean()
    setup = f"log_probs = torch.log_softmax({RAND}, dim=1); targets = torch.randint(0, 11, (17,))"
    check_tensor(
        nn.NLLLoss()(log_probs, targets),
        expected,
        call=fact("nn.NLLLoss()(log_probs, targets)", setup),
        tol=TOL,
        situation="-log_probs[torch.arange(17), targets].mean()",
    )


@pytest.mark.parametrize("device", devices())
def test_mse_loss_is_mean_of_squared_differences(device: str) -> None:
    pred, target = make_tensor((17, 11), device=device), make_tensor((17, 11), device=device)
    check_tensor(
        nn.MSELoss()(pred, target),
        ((pred - target) ** 2).mean(),
        call=fact("nn.MSELoss()(pred, target)", f"pred, target = {RAND}, {RAND}"),
        tol=TOL,
        situation="((pred - target) ** 2).mean()",
    )


@pytest.mark.parametrize("device", devices())
def test_sgd_step_is_parameter_minus_lr_times_grad(device: str) -> None:
    param = nn.Parameter(make_tensor((17, 11), device=device))
    param.grad = make_tensor((17, 11), device=device)
    before = param.detach().clone()
    torch.optim.SGD([param], lr=1e-3).step()
    check_tensor(
        param,
        before - 1e-3 * param.grad,
        call=fact(
            "torch.optim.SGD([param], lr=1e-3).step(); param", f"param = nn.Parameter({RAND}); param.grad = {RAND}"
        ),
        tol=Tol(rtol=1e-6, atol=1e-7),
        situation="param - lr * param.grad",
    )


@pytest.mark.parametrize("device", devices())
def test_gradients_add_up_until_zeroed(device: str) -> None:
    """ "梯度默认为累加": a second backward adds to .grad, which is why the loop calls zero_grad()."""
    layer = nn.Linear(11, 3).to(device)
    x = make_tensor((17, 11), device=device)
    layer(x).sum().backward()
    once = layer.weight.grad.clone()
    layer(x).sum().backward()
    check_tensor(
        layer.weight.grad,
        2 * once,
        call=fact(
            "layer(x).sum().backward(); layer(x).sum().backward(); layer.weight.grad",
            f"layer = nn.Linear(11, 3); x = {RAND}",
        ),
        tol=TOL,
        situation="twice the gradient of one backward()",
    )


@pytest.mark.parametrize("device", devices())
def test_zero_grad_sets_gradients_to_none(device: str) -> None:
    """The page says zero_grad() "resets" the gradients; since torch 2.0 it sets .grad to None.

    optimizer.zero_grad(set_to_none=False) gives the zeros of older versions. Either way the next
    backward starts from nothing.
    """
    layer = nn.Linear(11, 3).to(device)
    optimizer = torch.optim.SGD(layer.parameters(), lr=1e-3)
    setup = "layer = nn.Linear(11, 3); optimizer = torch.optim.SGD(layer.parameters(), lr=1e-3)"
    setup += f"; layer({RAND}).sum().backward()"
    layer(make_tensor((17, 11), device=device)).sum().backward()
    optimizer.zero_grad()
    for name, param in layer.named_parameters():
        check(
            param.grad is None,
            call=fact(f"optimizer.zero_grad(); layer.{name}.grad", setup),
            actual=param.grad,
            expected="None (set_to_none=True is the default since torch 2.0)",
        )
    layer(make_tensor((17, 11), device=device)).sum().backward()
    optimizer.zero_grad(set_to_none=False)
    for name, param in layer.named_parameters():
        check_tensor_equal(
            param.grad,
            torch.zeros_like(param),
            call=fact(f"optimizer.zero_grad(set_to_none=False); layer.{name}.grad", setup),
        )


@pytest.mark.parametrize("device", devices())
def test_loss_has_backward_not_backwards(device: str) -> None:
    """The page writes "loss.backwards()"; the method is loss.backward() (there is no backwards)."""
    loss = nn.Linear(11, 3).to(device)(make_tensor((17, 11), device=device)).sum()
    call = fact("loss.backwards", f"loss = nn.Linear(11, 3)({RAND}).sum()")
    check_raises(AttributeError, lambda: loss.backwards, call=call, situation="the method is loss.backward()")
