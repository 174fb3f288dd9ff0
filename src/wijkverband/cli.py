"""`wijkverband <command>`: Django's management commands with the project's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    # `wijkverband import-cbs` as the issues spell it runs the `import_cbs` command (Python names have no hyphens).
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["wijkverband", *args])
