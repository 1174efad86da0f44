"""The tutorial's module-level `device`, used whatever device the model is on.

On a CUDA machine every CPU model gets its batches on the GPU (the cpu tests fail there); and a
model on the GPU is fine. Run on a CUDA machine with
    pytest -m "cpu and optimization and not slow" --impl spec/meta/mutants/optimization/gpu/wrong_train_loop_global_device.py

expect: fail test_train_loop_matches_reference_epoch
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
