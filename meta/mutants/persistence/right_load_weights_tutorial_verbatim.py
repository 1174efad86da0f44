"""The page's own load (1.9.1), no map_location: right; a file from a GPU this machine lacks needs one
(test_persistence_facts.py shows it), which the page does not ask for.

expect: pass
"""
import torch


def load_weights(model, path):
    model.load_state_dict(torch.load(path, weights_only=True))
    return model.eval()
