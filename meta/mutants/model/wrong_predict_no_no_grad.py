"""Forgets torch.no_grad(): the forward records a graph for nothing.

expect: fail test_predict_runs_forward_without_gradient_tracking
"""


def predict(model, x):
    model.eval()
    return model(x).argmax(dim=1)
