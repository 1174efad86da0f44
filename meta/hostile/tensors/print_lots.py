"""Prints 200 MB from a function (a debugging print left in a loop).

expect: error wrote more than 20 MB of output
"""


def add_inplace(t, value):
    line = "x" * 1023
    for _ in range(200 * 1024):
        print(line)
    return t.add_(value)
