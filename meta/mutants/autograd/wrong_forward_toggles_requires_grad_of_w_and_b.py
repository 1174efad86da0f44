"""Switches requires_grad off on w and b around the product and back on: x's history is still recorded.

expect: fail test_forward_without_grad_tracks_nothing_when_x_requires_grad_too
"""


def forward_without_grad(x, w, b):
    w.requires_grad_(False)
    b.requires_grad_(False)
    z = x @ w + b
    w.requires_grad_(True)
    b.requires_grad_(True)
    return z
