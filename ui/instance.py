"""One window per workspace: the app holds a lock file beside the workspace while it runs
(QLockFile: workspace.sqlite.lock, naming its process). A second start finds it held, says so
and quits, so two windows never overwrite each other's worklist (before, the last one to save
won and the other's worklist was gone). A lock left by an app that was killed or crashed is
taken over, and tells the start-up that the app did not close cleanly last time."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLockFile

log = logging.getLogger("billing.app")


class WorkspaceLock:
    def __init__(self, workspace: Path) -> None:
        self.path = workspace.with_name(workspace.name + ".lock")
        self.unclean = False  # the last app on this workspace did not close cleanly
        self.lock = QLockFile(str(self.path))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, however old

    def acquire(self) -> bool | None:
        """True: this app holds the lock; False: another running app does; None: no lock can
        be made there (a read-only folder: nothing can be saved there either)."""
        left_behind = self.path.exists()
        if self.lock.tryLock(200):
            self.unclean = left_behind
            if left_behind:
                log.warning(
                    "the app did not close cleanly last time (%s was left behind)", self.path.name
                )
            return True
        if self.lock.error() == QLockFile.LockError.LockFailedError:
            return False
        log.warning("no lock file can be made at %s (%s)", self.path, self.lock.error())
        return None

    def owner(self) -> str:
        """Which process holds the lock, as the user can look it up."""
        info = self.lock.getLockInfo()  # (pid, host name, app name) in PySide6
        pid, host = (info[0], info[1]) if info else (0, "")
        if not pid:
            return "another window"
        return f"process {pid}" + (f" on {host}" if host else "")

    def release(self) -> None:
        if self.lock.isLocked():
            self.lock.unlock()


def already_running(workspace: Path, owner: str) -> str:
    return (
        f"Billing Assistant is already open with your workspace ({workspace}, "
        f"{owner}). Switch to that window: two windows on one workspace would overwrite "
        "each other's worklist. If no window is open, the other app is still closing; "
        "wait a moment and start it again."
    )
