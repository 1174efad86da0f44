"""to_device with t.cuda(): ignores the device asked for.

expect: fail test_to_device_moves_to_requested_device_keeping_values
"""


def to_device(t, device):
    return t.cuda()
