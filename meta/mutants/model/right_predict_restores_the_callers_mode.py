"""predict restores the mode the model came in (model.train(was_training)): eval during the forward only.

expect: pass
"""
import torch


def predict(model, x):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        pred = model(x).argmax(1)
    model.train(was_training)
    return pred
