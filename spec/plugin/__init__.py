"""What runs inside pytest: the options entry point, the hooks and fixtures, the recorder of outcomes."""
