"""Local serving for `make run`: the embedded SQLite database and the demo banner."""

from config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("WIJKVERBAND_DEBUG", True, "Django debug mode; never on in production.")
DEMO_MODE = env_bool("WIJKVERBAND_DEMO_MODE", True, "Show the demo banner (fictitious data).")
