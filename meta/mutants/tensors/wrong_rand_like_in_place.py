"""rand_like with t.uniform_(): overwrites the argument (and keeps an int dtype).

expect: fail test_rand_like_does_not_modify_input
expect: fail test_rand_like_is_float32_for_non_floating_input
"""


def rand_like(t):
    return t.uniform_()
