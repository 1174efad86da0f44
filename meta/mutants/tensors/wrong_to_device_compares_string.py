"""to_device testing device == "cpu": torch.device("cpu") is not equal to the string, so it calls .cuda().

expect: fail test_to_device_accepts_a_torch_device
"""


def to_device(t, device):
    return t.cpu() if device == "cpu" else t.cuda()
