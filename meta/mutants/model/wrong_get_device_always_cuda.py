"""Always "cuda", as on the learner's own GPU machine: fails where CUDA is absent.

expect: fail test_get_device_is_accepted_by_torch_here
expect: fail test_get_device_is_cuda_when_available_else_cpu
"""


def get_device():
    return "cuda"
