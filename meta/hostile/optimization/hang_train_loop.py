"""A train_loop that never returns (a `while True` whose break was forgotten).

expect: error timed out in test_train_loop
"""


def train_loop(dataloader, model, loss_fn, optimizer):
    while True:
        pass
