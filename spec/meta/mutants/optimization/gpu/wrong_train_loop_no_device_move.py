"""Feeds the DataLoader's CPU batches to the model as they come (runs only with a GPU).

Not in the meta-tests' quick tier (CPU only): check it on a CUDA machine with
    pytest -m "gpu and optimization and not slow" --impl spec/meta/mutants/optimization/gpu/wrong_train_loop_no_device_move.py

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
