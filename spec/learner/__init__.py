"""The learner's front ends: python -m spec check and new, check() in a notebook, --run-all."""
