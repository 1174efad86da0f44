"""views through t.T and unbind; zero_column with index_fill_ (in place).

expect: pass
"""

import torch


def first_row(t):
    return t.unbind(0)[0]


def first_column(t):
    return t.T[0]


def last_column(t):
    return t[:, t.shape[1] - 1]


def zero_column(t, j):
    return t.index_fill_(1, torch.tensor([j], device=t.device), 0)
