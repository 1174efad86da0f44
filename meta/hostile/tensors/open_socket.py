"""Opens a network connection from a function (to send the tests somewhere, or fetch answers).

expect: error tried to open a network connection
"""
import socket


def add_inplace(t, value):
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=1).close()
    except ConnectionError:
        pass
    return t.add_(value)
