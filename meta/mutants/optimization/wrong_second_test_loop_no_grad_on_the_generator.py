"""right_second_optimization by hand: @torch.no_grad() put on the batch generator instead of test_loop; it
covers each next(), not the forward in test_loop's own frame.

expect: fail test_test_loop_runs_forward_without_grad_tracking
"""
from collections.abc import Iterator

import torch


@torch.no_grad()
def _on_device_of(model: torch.nn.Module, loader) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    device = next(model.parameters()).device
    for inputs, targets in loader:
        yield inputs.to(device, non_blocking=True), targets.to(device, non_blocking=True)


def train_loop(dataloader, model, loss_fn, optimizer) -> float:
    model.train(True)

    def step(inputs: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        return loss.detach()

    losses = torch.stack([step(inputs, targets) for inputs, targets in _on_device_of(model, dataloader)])
    return losses.double().mean().item()


def test_loop(dataloader, model, loss_fn) -> tuple[float, float]:
    model.train(False)
    hits, loss_sum, batches = 0, 0.0, 0
    for inputs, targets in _on_device_of(model, dataloader):
        logits = model(inputs)
        loss_sum += float(loss_fn(logits, targets))
        hits += int(torch.count_nonzero(logits.argmax(dim=1) == targets))
        batches += 1
    return hits / len(dataloader.dataset), loss_sum / batches
