"""model.training = False: only the top module's flag; the dropout inside stays in train mode.

expect: fail test_predict_runs_forward_in_eval_mode
expect: fail test_predict_leaves_model_in_eval_mode_or_as_it_was
"""
import torch


def predict(model, x):
    model.training = False
    with torch.no_grad():
        return model(x).argmax(dim=1)
