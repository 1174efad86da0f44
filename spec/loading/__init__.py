"""Loading the implementation under test: a .py file, a module or a notebook's definitions, offline."""
