"""Registers the spec's pytest plugins (spec/options.py, spec/plugin.py); nothing imports this file."""

pytest_plugins = ["spec.options", "spec.plugin"]
