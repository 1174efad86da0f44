"""Chooses "cuda when available" inside the loop, whatever device the model is on (runs only with a GPU).

Unlike 1.2's module-level `device` (right_train_loop_module_level_device), nothing tells the caller
where the batches go: on a CUDA machine a model on the CPU gets GPU batches and the step raises.
On a CPU machine it is right, so it is not in the CPU corpus. Check it on a CUDA machine with
    pytest -m "cpu and optimization and not slow" --impl meta/mutants/optimization/gpu/wrong_train_loop_device_chosen_inside.py

expect: fail test_train_loop_matches_reference_epoch
"""
import torch


def train_loop(dataloader, model, loss_fn, optimizer):
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model.train()
    total, batches = 0.0, 0
    for X, y in dataloader:
        X, y = X.to(device), y.to(device)
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
        batches += 1
    return total / batches
