"""Text files as billers' tools and CMS save them: UTF-8 (with or without a byte-order mark),
UTF-16 with one (Excel's "Unicode Text"), or Windows-1252 (Excel's CSV on Windows, CMS's older
files). The one way every reader of text (CMS files, worklists, X12 code lists, contract fees)
tells them apart from binary files and decodes them."""

from __future__ import annotations

import codecs
from pathlib import Path

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
BLOCK = 1 << 20

# Bytes that are not UTF-8 are read as Windows-1252, whether a file is read whole or streamed.
CP1252_FALLBACK = "cms-cp1252-fallback"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return bytes(error.object[error.start : error.end]).decode("cp1252", "replace"), error.end


codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)


def text_encoding(head: bytes) -> str | None:
    """The encoding of a text file from its first bytes: "utf-16" (with a byte-order mark) or
    "utf-8-sig" (read with CP1252_FALLBACK); None when NUL bytes say it is not text (a binary
    file, or UTF-16 without a byte-order mark)."""
    if head.startswith(UTF16_BOMS):
        return "utf-16"
    if b"\x00" in head[:4096]:
        return None
    return "utf-8-sig"


def decode(data: bytes) -> str | None:
    """The text of a whole file (see text_encoding), without the DOS end-of-file marker old
    tools leave; None when it is not text."""
    encoding = text_encoding(data)
    if encoding is None:
        return None
    return data.decode(encoding, errors=CP1252_FALLBACK).replace("\x1a", "")


def file_encoding(path: Path) -> str | None:
    """The encoding of a text file on disk, for reading it streamed: as text_encoding, and
    "cp1252" for a file that is not UTF-8 all through (one Excel saved as CSV on Windows)."""
    with path.open("rb") as handle:
        encoding = text_encoding(handle.read(4096))
        if encoding != "utf-8-sig":
            return encoding
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := handle.read(BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"
