"""add_inplace with t.data = t + value: t gets new storage.

expect: fail test_add_inplace_keeps_the_storage_of_t
"""


def add_inplace(t, value):
    t.data = t.data + value
    return t
