import gc
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from core.logs import setup_logging
from ui.context import AppContext
from ui.jobs import cancel_all, running_jobs

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def _frozen_heap() -> None:
    """What the session loaded so far (code sets, modules) is never garbage: leave it out of
    every collection, so the one after each test stays quick."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def collect_in_the_gui_thread(_frozen_heap: None) -> Iterator[None]:
    """As in the app (ui/collector.py): no garbage collection starts in a worker thread, where
    freeing a widget of an earlier test would abort Qt; collect here, in the GUI thread."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where a test saves its screenshots: the test's tmp_path, or BILLING_SCREENSHOTS when set
    (to keep them for a look after the run)."""
    kept = os.environ.get("BILLING_SCREENSHOTS")
    folder = Path(kept) if kept else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


MakeContext = Callable[..., AppContext]


@pytest.fixture
def make_context(built_db: Path, tmp_path: Path, qtbot) -> Iterator[MakeContext]:
    """App contexts over the session's reference database, with this test's own workspace,
    settings (never the user's) and log; `today` fixed when given. Several contexts made in one
    test share the workspace and settings, as two launches of the app do."""
    made: list[AppContext] = []
    setup_logging(tmp_path / "logs" / "billing-assistant.log")

    def make(today: date | None = None, db: Path | None = None) -> AppContext:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        context = AppContext(db or built_db, tmp_path / "workspace.sqlite", settings, today)
        made.append(context)
        return context

    yield make
    if running_jobs():
        cancel_all(30)
        qtbot.wait(50)  # let their results arrive while the widgets still exist
    for widget in QApplication.topLevelWidgets():  # no debounce fires on a closed database
        for timer in widget.findChildren(QTimer):
            timer.stop()
    for context in made:
        context.close()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private user data folder, so recent lookups start empty in every test."""
    monkeypatch.setenv("BILLING_ASSISTANT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def ref(make_context: MakeContext) -> AppContext:
    """An app context over the session's reference database."""
    return make_context()


def answer_next_question(qtbot, button: str) -> list[str]:
    """Click `button` on the next question box (ui.widgets.ask runs it modally); returns the
    question's text once it was asked."""
    asked: list[str] = []
    tries = [250]

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(20, click)
            return
        asked.append(box.text())
        chosen = next(b for b in box.buttons() if b.text() == button)
        chosen.click()

    QTimer.singleShot(0, click)
    return asked
