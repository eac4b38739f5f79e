"""Where the app finds its files, and how it names itself in help and hints."""

from __future__ import annotations

import sys

import pytest

from core import paths


@pytest.mark.parametrize(
    ("argv0", "name"),
    [
        ("main.py", "python main.py"),
        ("/home/ann/billing/main.py", "python main.py"),
        ("/home/ann/.venv/bin/billing-assistant", "billing-assistant"),
        (r"C:\Users\ann\venv\Scripts\billing-assistant.exe", "billing-assistant"),
        ("/opt/billing-assistant/billing-assistant-gui", "billing-assistant"),
    ],
)
def test_hints_name_the_program_the_user_ran(monkeypatch, argv0, name):
    monkeypatch.setattr(sys, "argv", [argv0.replace("\\", "/")])
    assert paths.program_name() == name
    assert paths.command("build-db") == f"{name} build-db"


def test_a_frozen_app_calls_itself_billing_assistant(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/tmp/whatever"])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert paths.program_name() == "billing-assistant"


def test_resources_sit_beside_core():
    assert (paths.RESOURCES / "modifiers.csv").is_file()
    assert (paths.PROJECT_ROOT / "core" / "schema.sql").is_file()
