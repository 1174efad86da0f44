"""Registers the spec's pytest plugins (spec/options.py, plugin.py, summary.py, report.py); nothing imports this file."""

pytest_plugins = ["spec.options", "spec.plugin", "spec.summary", "spec.report"]
