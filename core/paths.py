"""Where the app keeps its files: the sources it ships with and the user's data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "billing-assistant"
# The folder holding core/ and resources/: the checkout, site-packages for an installed wheel,
# or the frozen app's bundle folder (PyInstaller's sys._MEIPASS).
PROJECT_ROOT = Path(getattr(sys, "_MEIPASS", None) or Path(__file__).resolve().parent.parent)
RESOURCES = PROJECT_ROOT / "resources"
# The reference database built at packaging time (packaging/build.py); absent in a checkout.
PREBUILT_DB = RESOURCES / "reference.sqlite"

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


def program_name() -> str:
    """The command the user ran, for help and hints: 'billing-assistant' when installed (pip)
    or frozen (the packaged app), 'python main.py' from a checkout."""
    ran = Path(sys.argv[0]).stem if sys.argv and sys.argv[0] else ""
    if getattr(sys, "frozen", False) or ran.startswith(APP_NAME):
        return APP_NAME  # billing-assistant-gui's hints name the command-line program
    return "python main.py"


def command(arguments: str) -> str:
    """A command line to suggest to the user: command('build-db') -> 'python main.py build-db'."""
    return f"{program_name()} {arguments}"
