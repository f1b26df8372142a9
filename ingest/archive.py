"""ZIP archives of a whole submission: each member becomes its own file, `archive.zip!member/path`.

Members are checked before anything is inflated: absolute paths and `..` are refused, and the declared
sizes, the compression ratio and the member count are bounded (zipfile never inflates past a declared size).
Members are inflated one at a time, as the caller asks for the next: a submission of a hundred large files
never sits in memory whole.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.zipnames import member_name, open_archive
from model.errors import ArchiveError, InputError, KiemChungError
from model.settings import Settings

# what zipfile raises on a damaged or unsupported member (zlib and EOF errors escape its own BadZipFile)
READ_ERRORS = (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, zlib.error)


@dataclass
class Member:
    name: str  # display name, archive!member
    data: bytes | None
    error: KiemChungError | None = None


def is_unsafe(name: str) -> bool:
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or (len(normalized) > 1 and normalized[1] == ":"):
        return True
    return ".." in normalized.split("/") or posixpath.normpath(normalized).startswith("..")


def iter_members(data: bytes, archive_name: str, settings: Settings) -> Iterator[Member]:
    try:
        archive = open_archive(data)
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError("input.corrupt", f"ZIP: {error}") from error
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > settings.max_archive_members:
            raise InputError("input.bomb", f"{len(infos)} tệp trong một tệp nén")
        total = sum(info.file_size for info in infos)
        if total > settings.max_archive_bytes:
            raise InputError("input.bomb", f"giải nén ra {total // (1024 * 1024)} MB")
        for info in infos:
            name = member_name(info)
            display = f"{archive_name}!{name}"
            if is_unsafe(name):
                yield Member(display, None, ArchiveError("archive.unsafe_path", name))
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > settings.max_archive_ratio and info.file_size > 10 * 1024 * 1024:
                yield Member(display, None, InputError("input.bomb", f"tỉ lệ nén {ratio:.0f}:1"))
                continue
            if info.file_size > settings.max_file_bytes:
                yield Member(
                    display, None, InputError("input.too_large", f"{info.file_size // (1024 * 1024)} MB")
                )
                continue
            try:
                inflated = archive.read(info)
            except READ_ERRORS as error:
                code = "input.encrypted" if "encrypted" in str(error) else "input.corrupt"
                yield Member(display, None, InputError(code, f"ZIP: {error}"[:200]))
                continue
            yield Member(display, inflated)
            del inflated  # let the caller drop the member before the next one is inflated
