"""Generators of hostile and broken input files (issue 16), one function per class.

Sizes are parameters: tests build small versions under small limits, `bench/hostile.py` builds the issue's full
sizes. Every file is crafted here from code, never committed; PDFs are written object by object so a test can
break exactly one thing (an xref offset, a reference, a stream length) and nothing else.
"""

from __future__ import annotations

import io
import random
import struct
import unicodedata
import zipfile
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
)
SAMPLE_LINES = (  # for PDFs drawn in a standard font (WinAnsi has no Vietnamese)
    "UY BAN NHAN DAN TINH BAC NINH",
    "KE HOACH CAI CACH HANH CHINH NAM 2025",
    "Thuc hien Nghi quyet so 76/NQ-CP cua Chinh phu",
)
IMAGE_LINES = (  # for scans, drawn in DejaVu: what Tesseract must read back
    "ỦY BAN NHÂN DÂN TỈNH BẮC NINH",
    "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025",
    "Thực hiện Nghị quyết số 76/NQ-CP của Chính phủ",
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def text_page(width: int = 1700, height: int = 2200, lines: tuple[str, ...] = IMAGE_LINES) -> Image.Image:
    """A white grey page with a few lines of large printed text (readable by Tesseract at any usual dpi)."""
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = _font(max(12, width // 40))
    for row, line in enumerate(lines):
        draw.text((width // 12, height // 12 + row * width // 10), line, fill=0, font=font)
    return page


# --- ZIP -------------------------------------------------------------------------------------------------------


def _zip_with_raw_names(members: list[tuple[bytes, bool, bytes]]) -> bytes:
    """A ZIP whose member names are the given raw bytes, with or without the UTF-8 flag (bit 11).

    zipfile only writes names it can encode, so each name is written as an ASCII placeholder of the same length
    and patched afterwards in the local and central headers (lengths, and so offsets, do not change)."""
    buffer = io.BytesIO()
    placeholders = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (raw, _flag, data) in enumerate(members):
            placeholder = f"~{index:04d}".ljust(len(raw), "~").encode("ascii")
            assert len(raw) >= 5, "raw names must be at least 5 bytes long"
            info = zipfile.ZipInfo(placeholder.decode("ascii"))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
            placeholders.append((placeholder, raw))
    out = bytearray(buffer.getvalue())
    for (placeholder, raw), (_, utf8_flag, _) in zip(placeholders, members, strict=True):
        local = out.index(placeholder)
        central = out.index(placeholder, local + 1)
        out[local : local + len(raw)] = raw
        out[central : central + len(raw)] = raw
        # zipfile clears flag bits it did not set itself: set bit 11 in both headers by hand
        for flags_at in (local - 30 + 6, central - 46 + 8):
            flags = int.from_bytes(out[flags_at : flags_at + 2], "little")
            flags = flags | 0x800 if utf8_flag else flags & ~0x800
            out[flags_at : flags_at + 2] = flags.to_bytes(2, "little")
    return bytes(out)


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Vietnamese as Windows code page 1258 stores it: letters with ^, breve and horn whole, tone marks apart."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in decomposed if mark in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in TONE_MARKS))
        out += (base + tones).encode("cp1258")
    return bytes(out)


def zip_bad_names(text: bytes = b"Ke hoach so 27/KH-UBND ngay 10/3/2025 ve cai cach hanh chinh.\n") -> bytes:
    """Three members a Vietnamese office's archiver can produce: a name flagged UTF-8 whose bytes are not UTF-8,
    a cp1258 name without the flag (`Kế hoạch.txt` as Windows' OEM page wrote it), and a name that carries a
    terminal escape sequence and control characters."""
    return _zip_with_raw_names(
        [
            (b"bao cao \xff\xfe nam.txt", True, text),
            (cp1258("Kế hoạch.txt"), False, text),
            (b"\x1b[31mdo\x1b]0;owned\x07\x07 an.txt", False, text),
        ]
    )


def zip_code_page_names(names: list[tuple[str, str]], text: bytes = b"Ke hoach so 27/KH-UBND\n") -> bytes:
    """A ZIP whose members are named (name, code page) without the UTF-8 flag, as Windows archivers write
    them: `cp1258` on a Vietnamese Windows (tone marks apart), `cp437` on an English one."""
    return _zip_with_raw_names(
        [(cp1258(name) if codec == "cp1258" else name.encode(codec), False, text) for name, codec in names]
    )


def zip_big_members(count: int = 100, size: int = 10 * 1024 * 1024) -> bytes:
    """`count` distinct text members of `size` bytes each, compressing about 30:1 like real reports (under the
    archive's bomb ratio): a few megabytes of ZIP that inflate to `count` × `size`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(count):
            rng = random.Random(index)
            # a block wider than Deflate's 32 KB window, repeated: realistic ratio, cheap to build
            block = b"".join(
                f"Tài liệu {index} dòng {n}: chỉ tiêu {rng.randint(0, 10**6)} đạt {rng.random():.3f}\n".encode()
                for n in range(2000)
            )
            archive.writestr(f"tai-lieu-{index:03d}.txt", (block * (size // len(block) + 1))[:size])
    return buffer.getvalue()


# --- images ----------------------------------------------------------------------------------------------------


def g4_tiff(frames: int = 2, width: int = 1700, height: int = 2200, dpi: int = 200) -> bytes:
    """A multi-page black-and-white TIFF in CCITT Group 4, the usual office scanner format."""
    page = text_page(width, height).point(lambda value: 255 if value > 128 else 0).convert("1")
    buffer = io.BytesIO()
    page.save(
        buffer,
        format="TIFF",
        compression="group4",
        dpi=(dpi, dpi),
        save_all=True,
        append_images=[page] * (frames - 1),
    )
    return buffer.getvalue()


def png16(width: int = 1700, height: int = 2200) -> bytes:
    """A 16-bit grey PNG (mode I;16): values run to 65535, so a naive 8-bit view is all white."""
    page = np.asarray(text_page(width, height), dtype=np.uint16) * 257
    buffer = io.BytesIO()
    Image.fromarray(page).save(buffer, format="PNG")
    return buffer.getvalue()


def tall_png(width: int = 800, height: int = 100_000) -> bytes:
    """A very tall, narrow page under the pixel cap (a receipt roll, or a hostile upscale bait)."""
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = _font(14)
    for top in range(20, height - 20, 400):
        draw.text((10, top), "Dong so lieu", fill=0, font=font)
    buffer = io.BytesIO()
    page.convert("1").save(buffer, format="PNG")
    return buffer.getvalue()


def degenerate_png(width: int = 1, height: int = 1) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (width, height), 255).save(buffer, format="PNG")
    return buffer.getvalue()


def zero_height_png(width: int = 100) -> bytes:
    """A PNG whose header declares no rows at all (Pillow cannot make one: written chunk by chunk)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, 0, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


# --- text ------------------------------------------------------------------------------------------------------


def utf16le_no_bom(text: str = "Ke hoach cai cach hanh chinh nam 2025\nSo 27/KH-UBND\n") -> bytes:
    return text.encode("utf-16-le")


def big_text(size: int = 200 * 1024 * 1024) -> bytes:
    line = "Báo cáo kết quả thực hiện cải cách hành chính năm 2025 của Ủy ban nhân dân huyện.\n".encode()
    return (line * (size // len(line) + 1))[:size]


# --- PDF -------------------------------------------------------------------------------------------------------


def raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF of the given object bodies (object n is objects[n-1]) with a correct xref table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _text_content(lines: tuple[str, ...]) -> bytes:
    ops = [b"BT /F1 14 Tf 72 760 Td 18 TL"]
    for line in lines:
        ops.append(b"(" + line.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def text_pdf(pages: int = 1, lines: tuple[str, ...] = SAMPLE_LINES) -> bytes:
    """A plain PDF with a text layer (Helvetica): the base the broken variants are made from."""
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
    ]
    font_number = 3 + 2 * pages
    for i in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (font_number, 4 + 2 * i)
        )
        objects.append(_stream(_text_content((*lines, f"Trang {i + 1}"))))
    objects.append(FONT)
    return raw_pdf(objects)


def pdf_broken_xref(pages: int = 2) -> bytes:
    """A good PDF whose every xref offset points a few bytes off (a file edited or re-saved by a careless tool)."""
    data = bytearray(text_pdf(pages))
    start = data.rindex(b"\nxref\n") + 1
    table_end = data.index(b"trailer", start)
    table = data[start:table_end].decode("ascii").split("\n")
    shifted = [f"{int(row[:10]) + 7:010d}{row[10:]}" if row.endswith(" n ") else row for row in table]
    data[start:table_end] = "\n".join(shifted).encode("ascii")
    return bytes(data)


def pdf_reference_cycle(where: str = "resources") -> bytes:
    """A one-page PDF whose /Resources (or content /Length) is `7 0 R`, which is `8 0 R`, which is `7 0 R`."""
    content = _text_content(SAMPLE_LINES)
    resources = b"7 0 R" if where == "resources" else b"<< /Font << /F1 5 0 R >> >>"
    length = b"7 0 R" if where == "length" else str(len(content)).encode()
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents 4 0 R >>"
            % resources,
            b"<< /Length %s >>\nstream\n" % length + content + b"\nendstream",
            FONT,
            b"null",
            b"8 0 R",
            b"7 0 R",
        ]
    )


def pdf_flate_bomb(decoded_bytes: int = 1024 * 1024 * 1024) -> bytes:
    """A one-page PDF whose content stream inflates from about a thousandth of `decoded_bytes` to all of it."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    parts = [compressor.compress(b"BT /F1 14 Tf 72 760 Td (Bom) Tj ET\n")]
    for _ in range(decoded_bytes // len(chunk)):
        parts.append(compressor.compress(chunk))
    parts.append(compressor.flush())
    packed = b"".join(parts)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
            FONT,
        ]
    )


def _one_text_page(content: bytes) -> bytes:
    """A one-page A4 PDF drawing `content` (Flate) in the standard font."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            _stream(content, compress=True),
            FONT,
        ]
    )


def pdf_long_line(chars: int = 5 * 1024 * 1024) -> bytes:
    """A small PDF (Flate) whose one page draws a single line of `chars` characters."""
    line = (b"Cai cach hanh chinh " * (chars // 20 + 1))[:chars]
    content = b"BT /F1 10 Tf 10 400 Td (" + line + b") Tj ET"
    return _one_text_page(content)


def pdf_dense_page(chars: int = 30_000, per_line: int = 250) -> bytes:
    """One page packed with `chars` characters in 4-point type, all inside the page (a machine-made annex)."""
    line = ("Cái cách hành chính " * (per_line // 20 + 1))[:per_line].encode("cp1252")  # WinAnsi has á, à, í
    rows = [b"(" + line + b") Tj T*" for _ in range(max(1, chars // per_line))]
    content = b"BT /F1 4 Tf 6 TL 5 830 Td\n" + b"\n".join(rows) + b"\nET"
    return _one_text_page(content)


def pdf_huge_image(width: int = 30_000, height: int = 30_000, colour: bool = True) -> bytes:
    """A page showing one image that declares `width`×`height` pixels (its data is a few bytes of Flate): what
    PDFium would decode to full size before rendering the page."""
    space = b"/DeviceRGB /BitsPerComponent 8" if colour else b"/DeviceGray /BitsPerComponent 1"
    image = _stream(b"\x00" * 64, b" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s"
                    % (width, height, space), compress=True)  # fmt: skip
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            _stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
            image,
        ]
    )


def pdf_sized_page(width: float = 1, height: float = 1) -> bytes:
    """One page whose /MediaBox is `width`×`height` points, drawing a dot: a degenerate size, nothing to read."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents 4 0 R >>" % (width, height),
            _stream(b"0 0 0 rg 0 0 1 1 re f"),
        ]
    )


def pdf_blank_pages(pages: int = 20_000) -> bytes:
    """`pages` tiny pages with nothing on them, all sharing one empty content stream."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        _stream(b""),
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] /Resources << >> /Contents 3 0 R >>"
    objects.extend([page] * pages)
    return raw_pdf(objects)
