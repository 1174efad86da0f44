"""What the pages are written with: checks that raise failures as data, factories, strategies, recorders."""
