"""The only module that reads ``os.environ``.

Every setting the platform takes from the environment is declared here with its
default and a one-line description; ``docs/configuration.md`` lists the same
variables. Bad values fail loudly at start-up instead of silently falling back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: str
    description: str


REGISTRY: dict[str, EnvVar] = {}


def _declare(name: str, default: str, description: str) -> str:
    REGISTRY[name] = EnvVar(name, default, description)
    return os.environ.get(name, default)


def env_str(name: str, default: str, description: str) -> str:
    return _declare(name, default, description)


def env_bool(name: str, default: bool, description: str) -> bool:
    raw = _declare(name, "true" if default else "false", description).strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, description: str) -> int:
    raw = _declare(name, str(default), description)
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: str, description: str) -> list[str]:
    return [item.strip() for item in _declare(name, default, description).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent.parent
