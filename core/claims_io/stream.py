"""Worklist files read one claim at a time, as often as asked: the scrub reads a worklist twice
(once to index the lines the cross-claim rules compare, once to check each claim), so a million
claims are never held at once. load_worklist() is one pass of the same reader, kept whole.

Each file is read with the reader its content calls for (loader.kind_of). A CSV or .xlsx
worklist hands out each claim as soon as its rows are read (claim_builder, streaming); a file
whose claims' rows are scattered (a claim's rows come back after another claim's) is read whole
instead: the first pass that finds it raises ReadAgain, and the caller starts over. An 837 is
read whole (one file's claims at a time).

The first complete pass collects the problems (in the order load_worklist always gave them:
each file's, then claim ids read more than once) and remembers each file's size and time;
a later pass over a file that changed meanwhile raises InputChanged."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from core.claims.model import Claim, Source
from core.jobs import Progress, no_progress, share
from core.words import plural

from .claim_builder import ScatteredClaim
from .problems import Problem


class ReadAgain(Exception):
    """The pass stopped: a file turns out to need reading whole. Start the pass again."""


class InputChanged(Exception):
    """A worklist file changed between two passes (the message names it)."""


class WorklistStream:
    """Call it for an iterator over the claims of `paths`, in file order."""

    def __init__(
        self, paths: Iterable[Path | str], progress: Progress | None = None, streaming: bool = True
    ) -> None:
        from .loader import expand

        self.progress = progress or no_progress
        self.streaming = streaming
        self.problems: list[Problem] = []
        self.files_read: list[str] = []
        self.claims = 0  # claims in the last complete pass
        self._files = expand(paths, self.problems)
        self._opening = len(self.problems)  # the problems found before any file is read
        self._whole: set[Path] = set()
        self._stamps: dict[Path, tuple[int, int]] = {}
        self._complete = False
        self._ids = _Ids()

    def __call__(self) -> Iterator[Claim]:
        collecting = not self._complete
        if collecting:
            del self.problems[self._opening :]
            self.files_read.clear()
            self._ids = _Ids()
        problems = self.problems if collecting else []
        count = 0
        for number, path in enumerate(self._files):
            part = share(self.progress, number / len(self._files), (number + 1) / len(self._files))
            part(f"Reading {path.name}", 0.0)
            self._stamp(path)
            streaming = self.streaming and path not in self._whole
            ids = self._ids if collecting else None
            try:
                for claim in self._claims(path, problems, part, streaming, ids):
                    if ids is not None:
                        ids.add(claim)
                    count += 1
                    yield claim
            except ScatteredClaim:
                self._whole.add(path)
                raise ReadAgain(path) from None
        if collecting:
            self.problems += self._ids.repeated()
            self._ids = _Ids()  # every id of the worklist: not needed any more
            self._complete = True
        self.claims = count
        self.progress(f"Read {plural(count, 'claim')}", 1.0)

    def _claims(
        self,
        path: Path,
        problems: list[Problem],
        progress: Progress,
        streaming: bool,
        ids: _Ids | None,
    ) -> Iterator[Claim]:
        """The file's claims; what makes it unreadable is a problem (the claims handed out
        before a read error in a streamed file stay handed out)."""
        from .loader import READ_ERRORS, file_claims, unreadable

        finished_before = ids.finder(path.name) if ids is not None and streaming else None
        try:
            found = file_claims(path, problems, progress, streaming, finished_before)
            yield from found if streaming else list(found)
        except READ_ERRORS as exc:
            problems.append(unreadable(path, exc))
            return
        if ids is not None:
            self.files_read.append(str(path))

    def _stamp(self, path: Path) -> None:
        try:
            info = path.stat()
        except OSError:
            return
        stamp = (info.st_size, info.st_mtime_ns)
        known = self._stamps.setdefault(path, stamp)
        if known != stamp:
            raise InputChanged(
                f"{path.name} changed while its claims were being checked: "
                "check it again once it is saved"
            )


class _Ids:
    """Every claim id read in a pass: where it was first read (packed into one int: the place,
    a file and sheet, and the row), and for ids read more than once the second place and the
    count. What a million ids cost is one dict entry and one int each."""

    def __init__(self) -> None:
        self.first: dict[str, int] = {}
        self.places: list[tuple[str, str | None, str]] = []
        self._place_index: dict[tuple[str, str | None, str], int] = {}
        self.again: dict[str, tuple[Source, int]] = {}
        self._file_places: dict[str, set[int]] = {}

    def add(self, claim: Claim) -> None:
        source = claim.source
        key = (source.file, source.sheet, source.kind)
        place = self._place_index.get(key)
        if place is None:
            place = self._place_index[key] = len(self.places)
            self.places.append(key)
            self._file_places.setdefault(source.file, set()).add(place)
        location = (place << 32) | (source.row or 0)
        known = self.first.setdefault(claim.claim_id, location)
        if known != location or claim.claim_id in self.again:
            second, count = self.again.get(claim.claim_id, (source, 1))
            self.again[claim.claim_id] = (second, count + 1)

    def finder(self, file: str) -> Callable[[str], bool]:
        """Whether a claim id was already read from `file` (its rows came before)."""

        def finished_before(claim_id: str) -> bool:
            location = self.first.get(claim_id)
            return location is not None and (location >> 32) in self._file_places.get(file, ())

        return finished_before

    def repeated(self) -> list[Problem]:
        """A claim id read more than once (two files, or twice in one 837) is kept each time
        and reported once per id, at its second occurrence, in the order ids were first read."""
        said = []
        for claim_id in sorted(self.again, key=self.first.__getitem__):
            second, count = self.again[claim_id]
            file, sheet, kind = self.places[self.first[claim_id] >> 32]
            first = Source(file, sheet, (self.first[claim_id] & 0xFFFFFFFF) or None, kind)
            more = count - 2
            others = f" and {more} more time{'s' if more > 1 else ''}" if more else ""
            said.append(
                Problem(
                    second.file,
                    f"claim id {claim_id} was already read from {first.describe()}; "
                    f"it is here too{others}: each is kept as its own claim; give different claims "
                    "their own ids, or remove the copies",
                    sheet=second.sheet,
                    row=second.row,
                    claim_id=claim_id,
                    kind=second.kind,
                )
            )
        return said
