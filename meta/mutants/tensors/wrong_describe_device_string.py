"""describe returns str(t.device) instead of the torch.device.

expect: fail test_describe_gives_device_third
"""


def describe(t):
    return t.shape, t.dtype, str(t.device)
