"""The quickstart's module-level `device` (1.2), used whatever device the model is on.

Was wrong_train_loop_global_device: on a CUDA machine it gave a CPU model GPU batches and failed the
[cpu] tests. But 1.2 teaches exactly this, and runs it with the model on `device`. The contract
(reference/optimization.py, issue 15): a loop puts batches on its model's device, and the spec runs a
module that defines a module-level `device` with the model on that device only. So on a CUDA machine
    pytest -m "optimization and not slow" --impl meta/mutants/optimization/gpu/right_train_loop_module_level_device.py
skips the [cpu] loop tests (saying why) and passes the [cuda] ones; on a CPU machine `device` is "cpu"
and the [cpu] tests pass.

expect: pass
"""
import torch

device = "cuda" if torch.cuda.is_available() else "cpu"


def train_loop(dataloader, model, loss_fn, optimizer):
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
