"""device = "cpu" written in: right only where there is no GPU.

expect: fail test_get_device_is_cuda_where_torch_finds_a_gpu
"""


def get_device():
    return "cpu"
