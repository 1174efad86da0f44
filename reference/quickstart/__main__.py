"""`python -m reference.quickstart`: the quickstart application (reference/quickstart/train.py)."""

from reference.quickstart.train import main

if __name__ == "__main__":
    raise SystemExit(main())
