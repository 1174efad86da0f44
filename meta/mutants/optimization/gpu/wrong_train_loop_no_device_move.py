"""Feeds the DataLoader's CPU batches to the model as they come (runs only with a GPU).

The tutorial's 1.8 loops move nothing either: right as 1.8 runs them, with the model on the CPU
(they pass the [cpu] tests on any machine). The contract asks for the model's device, and the gpu
tests put the model on CUDA: there the batches must follow it (1.2's lesson).

Not in the meta-tests' quick tier (CPU only): check it on a CUDA machine with
    pytest -m "gpu and optimization and not slow" --impl meta/mutants/optimization/gpu/wrong_train_loop_no_device_move.py

expect: fail test_train_loop_moves_batches_to_model_device
"""


def train_loop(dataloader, model, loss_fn, optimizer):
    model.train()
    total, batches = 0.0, 0
    for X, y in dataloader:
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item()
        batches += 1
    return total / batches
