"""The teacher's front ends: python -m spec grade, its engine, the trust checks and the gradebook."""
