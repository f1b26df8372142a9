"""ZIP member names as their authors wrote them, safe to show.

Vietnamese offices zip with Windows' built-in archiver, WinRAR or 7-Zip; without the UTF-8 flag (bit 11) those
write names in the machine's code page, which on a Vietnamese Windows is cp1258 (zipfile reads them as cp437:
`KΩ∞ hoa≥ch`) and on an English one cp437 (`Báo cáo` read as cp1258 is `B o c o`, with no-break spaces): the
code page whose reading holds fewer characters a Vietnamese name never has is taken. Some tools set the flag
over bytes that are not UTF-8, and zipfile then raises UnicodeDecodeError while listing the archive, so one such
name would stop a whole batch. Names also reach records, logs and the terminal: control characters and escape
sequences are removed first.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile

from ingest.textquality import VIETNAMESE_LETTERS

UTF8_FLAG = 0x800
CENTRAL_SIGNATURE = b"PK\x01\x02"
CENTRAL_HEADER = 46
LOCAL_SIGNATURE = b"PK\x03\x04"
# CSI (`ESC [ … m`), OSC (`ESC ] … BEL` or `ESC ] … ESC \`) and any other two-character escape
ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|\x9b[0-?]*[ -/]*[@-~]"
)
# bidirectional overrides and isolates turn `txt.exe` into `exe.txt` on screen
BIDI_CONTROLS = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def open_archive(data: bytes) -> zipfile.ZipFile:
    """zipfile over the bytes; names flagged UTF-8 that are not UTF-8 are listed as unflagged instead of failing.

    Raises zipfile.BadZipFile for anything that is not a readable ZIP (zipfile itself lets struct, EOF and
    decoding errors escape on some malformed directories)."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except UnicodeDecodeError:
        pass
    except (struct.error, EOFError, ValueError, NotImplementedError) as error:
        raise zipfile.BadZipFile(f"{type(error).__name__}: {error}") from error
    try:
        return zipfile.ZipFile(io.BytesIO(_clear_false_utf8_flags(data)))
    except (struct.error, EOFError, ValueError, NotImplementedError) as error:
        raise zipfile.BadZipFile(f"{type(error).__name__}: {error}") from error


def _clear_false_utf8_flags(data: bytes) -> bytes:
    """A copy in which names flagged UTF-8 that are not UTF-8 lose the flag, in the central directory and in
    their local header (zipfile checks both); nothing else changes."""
    end = zipfile._EndRecData(io.BytesIO(data))  # type: ignore[attr-defined]  # the parser zipfile itself uses
    if end is None:
        raise zipfile.BadZipFile("ZIP: không tìm thấy danh mục tệp")
    # positions counted from the end record, as zipfile does: bytes prepended to the archive shift the offsets
    start = end[zipfile._ECD_LOCATION] - end[zipfile._ECD_SIZE]  # type: ignore[attr-defined]
    if end[zipfile._ECD_SIGNATURE] == zipfile.stringEndArchive64:  # type: ignore[attr-defined]
        start -= zipfile.sizeEndCentDir64 + zipfile.sizeEndCentDir64Locator  # type: ignore[attr-defined]
    shift = start - end[zipfile._ECD_OFFSET]  # type: ignore[attr-defined]
    patched = bytearray(data)
    position = start
    while position + CENTRAL_HEADER <= len(patched) and patched[position : position + 4] == CENTRAL_SIGNATURE:
        (flags,) = struct.unpack_from("<H", patched, position + 8)
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", patched, position + 28)
        (local,) = struct.unpack_from("<I", patched, position + 42)
        name = bytes(patched[position + CENTRAL_HEADER : position + CENTRAL_HEADER + name_length])
        if flags & UTF8_FLAG and not _is_utf8(name):
            struct.pack_into("<H", patched, position + 8, flags & ~UTF8_FLAG)
            _clear_local_flag(patched, local + shift)
        position += CENTRAL_HEADER + name_length + extra_length + comment_length
    return bytes(patched)


def _clear_local_flag(patched: bytearray, local: int) -> None:
    if local >= 0 and len(patched) >= local + 8 and patched[local : local + 4] == LOCAL_SIGNATURE:
        (flags,) = struct.unpack_from("<H", patched, local + 6)
        struct.pack_into("<H", patched, local + 6, flags & ~UTF8_FLAG)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's path as its author wrote it, cleaned of control characters.

    A name flagged UTF-8 is UTF-8; any other is tried as UTF-8 (7-Zip and macOS write it unflagged), then as
    cp1258 (the Vietnamese Windows code page) and cp437 (an English Windows, and the ZIP standard's own), the
    more Vietnamese-looking of the two kept (cp1258 when they tie)."""
    name = info.filename
    if not info.flag_bits & UTF8_FLAG:
        raw = name.encode("cp437")  # zipfile decoded the raw bytes as cp437, which maps every byte
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            readings = [
                unicodedata.normalize("NFC", raw.decode(codec, "replace")) for codec in ("cp1258", "cp437")
            ]
            name = min(readings, key=_foreign_characters)
    return clean_name(name)


def _foreign_characters(name: str) -> int:
    """How many characters of `name` a Vietnamese file name would not hold (letters outside the Vietnamese
    alphabet, symbols, box drawing, no-break spaces, undecodable bytes)."""
    return sum(
        1
        for char in name
        if not (char.lower() in VIETNAMESE_LETTERS or (char.isascii() and char.isprintable()))
    )


def clean_name(name: str) -> str:
    """NFC, with escape sequences, control characters and bidirectional overrides removed."""
    name = ESCAPE_SEQUENCE.sub("", unicodedata.normalize("NFC", name))
    return "".join(char for char in name if unicodedata.category(char) != "Cc" and char not in BIDI_CONTROLS)
