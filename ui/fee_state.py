"""What the fee calculator remembers between launches (in the app's settings): the locality (its
search and choice, or the ZIP), the setting, participation, the payer percentage and the lines of
the current encounter. Saved after every pricing, so a crash keeps them too."""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QSettings

from .fee_view import FeeView

GROUP = "fee"


@dataclass(frozen=True)
class EncounterLine:
    code: str
    modifiers: tuple[str, ...]
    units: int


def save_state(view: FeeView, lines: list[EncounterLine], settings: QSettings) -> None:
    choice = view.locality.choice()
    values: dict[str, object] = {
        "locality_search": view.locality.search.text(),
        "locality_key": choice.key if choice else "",
        "setting": str(view.setting.currentData() or ""),
        "participating": view.participating.isChecked(),
        "payer_percent": view.payer.value(),
        "encounter": json.dumps([[line.code, list(line.modifiers), line.units] for line in lines]),
    }
    settings.beginGroup(GROUP)
    for key, value in values.items():
        if settings.value(key) != value:
            settings.setValue(key, value)
    settings.endGroup()


def restore_state(view: FeeView, settings: QSettings) -> list[EncounterLine]:
    """Put the saved choices back in the form; returns the saved encounter's lines. A value that
    no longer fits (a locality not in this year's data, a setting gone) is left at its default."""
    settings.beginGroup(GROUP)
    try:
        search = str(settings.value("locality_search", "", str))
        key = str(settings.value("locality_key", "", str))
        setting = str(settings.value("setting", "", str))
        participating = settings.value("participating", True, bool)
        percent = settings.value("payer_percent", 0.0, float)
        encounter = str(settings.value("encounter", "[]", str))
    finally:
        settings.endGroup()
    if search:
        view.locality.search.setText(search)
    if key:
        view.locality.select(key)
    index = view.setting.findData(setting) if setting else -1
    if index >= 0:
        view.setting.setCurrentIndex(index)
    view.participating.setChecked(bool(participating))
    view.payer.setValue(float(str(percent or 0.0)))
    return _lines(encounter)


def _lines(text: str) -> list[EncounterLine]:
    try:
        return [
            EncounterLine(str(code), tuple(str(m) for m in modifiers), int(units))
            for code, modifiers, units in json.loads(text)
        ]
    except (ValueError, TypeError):  # written by another version, or edited by hand
        return []
