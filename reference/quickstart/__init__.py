"""The tutorial's quickstart (1.2) as an application: train, evaluate, save, export, plot."""
