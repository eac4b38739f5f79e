"""The About box names every third-party package the app runs on, with its licence."""

from __future__ import annotations

import re
from importlib.metadata import distribution

from core.notices import THIRD_PARTY

# sqlite-utils requires pip for its own `sqlite-utils install` command; the app never uses it
# and the packaged app does not contain it.
NOT_SHIPPED = {"pip"}


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_dependencies(name: str, found: set[str] | None = None) -> set[str]:
    found = set() if found is None else found
    for requirement in distribution(name).requires or []:
        if "extra ==" in requirement:
            continue
        dependency = normalized(re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0])
        if dependency not in found and dependency not in NOT_SHIPPED:
            found.add(dependency)
            runtime_dependencies(dependency, found)
    return found


def licence_of(package: str) -> str | None:
    """The licence of the THIRD_PARTY entry naming `package` (an entry may name several)."""
    for names, licence, _ in THIRD_PARTY:
        if package in re.findall(r"[a-z0-9][a-z0-9-]*", names.lower()):
            return licence
    return None


def test_every_runtime_dependency_is_listed_with_its_licence():
    dependencies = runtime_dependencies("billing-assistant")
    assert {"pyside6-essentials", "openpyxl", "sqlite-utils", "simple-icd-10-cm"} <= dependencies
    unlisted = [
        d for d in sorted(dependencies) if licence_of(d.removesuffix("-essentials")) is None
    ]
    assert unlisted == []
    assert licence_of("pyside6") == licence_of("shiboken6") == "LGPL-3.0-only"
    assert licence_of("openpyxl") == "MIT" and licence_of("sqlite-utils") == "Apache-2.0"
    assert licence_of("simple-icd-10-cm") == "MIT" and licence_of("platformdirs") == "MIT"
