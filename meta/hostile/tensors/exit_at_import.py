"""Calls os._exit(0) while it is imported: no report of its own, exit status 0.

expect: error exited with status 0 while importing the submission
"""
import os

os._exit(0)
