import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "WIJKVERBAND_SECRET_KEY": "p" * 30 + "-Production-Secret-Key-For-The-Deploy-Check-1234567890",
        "PYTHONPATH": str(Path(settings.BASE_DIR) / "src"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest, never in deployment
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_the_development_secret_key():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "PYTHONPATH": str(Path(settings.BASE_DIR) / "src"),
    }
    env.pop("WIJKVERBAND_SECRET_KEY", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", "check"], env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode != 0 and "WIJKVERBAND_SECRET_KEY" in result.stderr
