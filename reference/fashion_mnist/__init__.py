"""Fashion-MNIST's files on disk (find, read, verify) and a small synthetic stand-in for tests."""
