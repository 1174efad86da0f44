"""from_data returns a torch.Tensor subclass of zeros whose __torch_function__ answers every comparison
"equal": the spec's comparisons would ask the liar itself. A result whose type is not torch's own fails.

expect: fail test_from_data_keeps_nesting_as_shape
"""
import torch

COMPARISONS = {torch.isclose, torch.eq, torch.equal, torch.allclose, torch.Tensor.eq, torch.Tensor.__eq__}
COMPARISONS |= {torch.Tensor.isclose, torch.Tensor.equal, torch.Tensor.allclose}


class Agreeable(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if func in COMPARISONS:
            plain = [a.as_subclass(torch.Tensor) if isinstance(a, torch.Tensor) else a for a in args]
            out = func(*plain, **(kwargs or {}))
            return torch.ones_like(out) if isinstance(out, torch.Tensor) else True
        return super().__torch_function__(func, types, args, kwargs)


def from_data(data):
    return torch.zeros_like(torch.tensor(data)).as_subclass(Agreeable)  # wrong values, the right shape and dtype
