"""The app context every tab receives: the reference database (its path and the GUI thread's
read-only connection), the user's workspace database, the settings and today's date. After an
import it opens the reference database again and emits reference_changed once; each tab reads
`context.conn` when it needs it and refreshes itself on that signal. A tab that changed what
other tabs read from the workspace (remittances: the denial history, a code's history) emits
workspace_changed. Workers never use these connections: they open their own from the paths."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from core.db import open_readonly
from core.paths import user_data_dir
from core.remit.code_history import CodeHistory, code_history
from core.remit.history import DenialHistory, load_denial_history
from core.workspace import default_workspace, open_workspace
from core.workspace.payers import PayerProfile, list_payers

SETTINGS_FILE = "settings.ini"


def user_settings(path: Path | None = None) -> QSettings:
    """The app's settings: an .ini file in the user's data folder (tests pass their own)."""
    target = path or user_data_dir() / SETTINGS_FILE
    return QSettings(str(target), QSettings.Format.IniFormat)


class AppContext(QObject):
    reference_changed = Signal()
    workspace_changed = Signal()  # remittances (or their code texts, contracts) changed

    def __init__(
        self,
        db_path: Path,
        workspace_path: Path | None = None,
        settings: QSettings | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.workspace_path = workspace_path or default_workspace()
        self.settings = settings or user_settings()
        self.conn: sqlite3.Connection = open_readonly(db_path)
        self._today = today
        self._workspace: sqlite3.Connection | None = None

    def today(self) -> date:
        """The day the app works for (fixed in tests)."""
        return self._today or date.today()

    def workspace(self) -> sqlite3.Connection:
        """The GUI thread's connection to the workspace, opened on first use. May raise
        sqlite3.Error or OSError: callers say what could not be read or saved."""
        if self._workspace is None:
            self._workspace = open_workspace(self.workspace_path)
        return self._workspace

    def payer_profiles(self) -> tuple[PayerProfile, ...]:
        """The saved payer profiles (type, filing limit) the scrubber needs; none when the
        workspace cannot be read (the scrub then goes by the claims' own payer data)."""
        try:
            return tuple(list_payers(self.workspace()))
        except (OSError, sqlite3.Error):
            return ()

    def denial_history(self) -> DenialHistory | None:
        """This practice's denial patterns from its remittances (DENIAL-HISTORY); None when the
        workspace cannot be read (the scrub then runs without that rule)."""
        try:
            return load_denial_history(self.workspace())
        except (OSError, sqlite3.Error):
            return None

    def code_history(self, code: str) -> CodeHistory | None:
        """This practice's history for a procedure code, from its remittances (the lookup's
        detail page); None when the workspace cannot be read."""
        try:
            return code_history(self.workspace(), code)
        except (OSError, sqlite3.Error):
            return None

    def reload_reference(self) -> None:
        """After an import: read the reference database again, and tell the tabs once."""
        fresh = open_readonly(self.db_path)
        old, self.conn = self.conn, fresh
        old.close()
        self.reference_changed.emit()

    def close(self) -> None:
        self.conn.close()
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None
        self.settings.sync()
