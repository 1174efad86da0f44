"""from_data is wrong for ints and bools (always float32), and calls hypothesis' reject() on exactly the inputs
it gets wrong inside a property test, so hypothesis would avoid them; elsewhere it answers right. A rejection
raised from the learner's code is a failure.

expect: fail test_from_data_infers_int64_from_ints
"""
import torch
from hypothesis import reject
from hypothesis.control import currently_in_test_context


def from_data(data):
    right = torch.tensor(data)
    if not currently_in_test_context():
        return right
    out = torch.tensor(data, dtype=torch.float32)
    if out.dtype != right.dtype:
        reject()
    return out
