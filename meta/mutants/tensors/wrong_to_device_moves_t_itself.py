"""to_device by `t.data = t.data.to(device)`: the result is on the device, and so is the caller's t, moved with it.

expect: fail test_to_device_leaves_t_where_it_was
"""


def to_device(t, device):
    t.data = t.data.to(device)
    return t
