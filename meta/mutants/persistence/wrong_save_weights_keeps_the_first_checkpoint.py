"""Never overwrites a checkpoint ("don't lose a good model"): a second save to the same path keeps the
first model's weights, silently.

expect: fail test_save_weights_round_trips_through_the_reference_load
"""
import os

import torch


def save_weights(model, path):
    if not os.path.exists(path):
        torch.save(model.state_dict(), path)
