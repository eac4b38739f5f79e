"""Where the app keeps its files: the sources it ships with and the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "billing-assistant"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = PROJECT_ROOT / "resources"

# Tests and power users can point the app at another data directory.
HOME_ENV = "BILLING_ASSISTANT_HOME"


def user_data_dir() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        path = Path(override)
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_reference_db() -> Path:
    return user_data_dir() / "reference.sqlite"
