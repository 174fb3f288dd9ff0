"""Benchmark-only: serve like `make run` without DEBUG, audit writing switchable via the environment."""

from .base import *  # noqa: F403

DEBUG = False
