"""The specification: one test module per tutorial page (1.2 .. 1.9), run by pytest on a learner's implementation."""
