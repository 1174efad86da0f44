"""The executable specification of PyTorch's Learn the Basics tutorial (pytest tests and helpers)."""
