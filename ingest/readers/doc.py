"""Legacy Word (.doc) and RTF, which agencies still send: converted by LibreOffice headless to DOCX."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import ClassVar

from ingest.readers.base import PagesRead, ReadContext, Source
from ingest.readers.docx import DocxReader
from ingest.sniff import Kind
from model.errors import ConvertError


class LegacyWordReader:
    kind: ClassVar[Kind] = Kind.doc

    def read(self, source: Source, context: ReadContext) -> PagesRead:
        converted = convert_to_docx(source.data, context.settings.convert_timeout_seconds)
        return DocxReader().read(Source(source.name, converted, source.sha256), context)


def convert_to_docx(data: bytes, timeout: float) -> bytes:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise ConvertError("convert.failed", "máy chủ chưa cài LibreOffice", stage="ingest")
    with tempfile.TemporaryDirectory(prefix="kiemchung-doc-") as folder:
        work = Path(folder)
        (work / "input.doc").write_bytes(data)
        # a private profile per call, so conversions can run side by side
        command = [
            office,
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(work / "input.doc"),
        ]
        try:
            completed = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as error:
            raise ConvertError("convert.failed", f"LibreOffice quá {timeout:.0f} giây") from error
        output = work / "out" / "input.docx"
        if completed.returncode != 0 or not output.exists():
            detail = launcher_message(completed.stderr + b"\n" + completed.stdout)
            raise ConvertError("convert.failed", detail or "LibreOffice không tạo ra tệp kết quả")
        return output.read_bytes()


# what LibreOffice's launcher prints on every run of a machine without Java or a display: never the reason
LAUNCHER_NOISE = re.compile(r"javaldx|java may not function|^Warning:|^warn:|^convert |^\s*$", re.I)


def launcher_message(output: bytes) -> str:
    """The lines of LibreOffice's output that say why a conversion failed, without the launcher's noise
    and terminal control characters; empty when nothing is left."""
    text = output.decode("utf-8", "replace")
    lines = [
        "".join(char for char in line if char.isprintable()).strip()
        for line in text.splitlines()
        if not LAUNCHER_NOISE.search(line)
    ]
    return "; ".join(line for line in lines if line)[:200]
