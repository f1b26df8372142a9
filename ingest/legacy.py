"""Vietnamese text typed in the legacy 8-bit font encodings TCVN3 (ABC, `.VnTime`) and VNI (`VNI-Times`).

Provincial offices typed for decades in fonts whose glyphs sit at Latin-1 code points: the file stores
`Uû ban nh©n d©n` (TCVN3) or `UÛY BAN NHAÂN DAÂN` (VNI) and only the font makes it Vietnamese. PDF text layers
and DOCX runs keep those code points, so the words would reach extraction as Latin-1 soup. This module tells
the two encodings apart from each other and from real text (Unicode Vietnamese, English, French), and maps
them back to Unicode NFC.

TCVN3 puts every lower-case letter in one byte; its upper-case letters with tone marks have no code, so
documents draw headings with a companion all-capitals font (`.VnTimeH`) that shows the lower-case codes as
capitals: the font name decides the case. VNI writes a base letter followed by a mark character
(`a` + `ù` = `á`), so it decodes to base plus combining marks, which NFC joins.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import partial

from ingest.textquality import is_vietnamese_syllable


class Encoding(StrEnum):
    tcvn3 = "tcvn3"
    vni = "vni"


# TCVN 5712:1993 (VN3, the `.VnTime` fonts), bytes 0xA1..0xFE read as Latin-1; `-` marks a code the chart
# leaves to Latin-1 (0xB0..0xB4 are the standalone tone marks of VN1: `°` and `²` stay what they look like).
# Bytes 0x80..0xA0 and the ASCII half are unchanged.
TCVN3_CHART = (
    "ĂÂÊÔƠƯĐăâêôơưđẶ"  # A1..AF
    "-----àảãáạẲằẳẵắẴ"  # B0..BF
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # C0..CF
    "éẹềểễếệìỉỄẾỒĩíịò"  # D0..DF
    "Ổỏõóọồổỗốộờởỡớợù"  # E0..EF
    "Ỗủũúụừửữứựỳỷỹýỵ"  # F0..FE
)
TCVN3_TABLE = {chr(0xA1 + i): ch for i, ch in enumerate(TCVN3_CHART) if ch != "-"}

# VNI Windows: base letters are ASCII; these Latin-1 characters are marks that follow the vowel they modify
# (circumflex `â`, breve `ê`, tones `ù ø û õ ï`, circumflex or breve with a tone) or letters of their own.
GRAVE, ACUTE, HOOK, TILDE, DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
CIRCUMFLEX, BREVE = "\u0302", "\u0306"
VNI_MARKS = {
    "ù": ACUTE,
    "ø": GRAVE,
    "û": HOOK,
    "õ": TILDE,
    "ï": DOT,
    "â": CIRCUMFLEX,
    "á": CIRCUMFLEX + ACUTE,
    "à": CIRCUMFLEX + GRAVE,
    "å": CIRCUMFLEX + HOOK,
    "ã": CIRCUMFLEX + TILDE,
    "ä": CIRCUMFLEX + DOT,
    "ê": BREVE,
    "é": BREVE + ACUTE,
    "è": BREVE + GRAVE,
    "ú": BREVE + HOOK,
    "ü": BREVE + TILDE,
    "ë": BREVE + DOT,
}
VNI_LETTERS = {"ô": "ơ", "ö": "ư", "ñ": "đ", "î": "ỵ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}
VNI_TABLE = {
    **VNI_MARKS,
    **{key.upper(): value for key, value in VNI_MARKS.items()},
    **VNI_LETTERS,
    **{key.upper(): value.upper() for key, value in VNI_LETTERS.items()},
}
TABLES = {Encoding.tcvn3: TCVN3_TABLE, Encoding.vni: VNI_TABLE}

# a word as these encodings write it: ASCII letters and Latin-1 characters (TCVN3 uses `©`, `«`, `¬`, `·`)
WORD = re.compile(r"[A-Za-z\u00a1-\u00ff]+")
LATIN1_HIGH = re.compile(r"[\u00a1-\u00ff]")
VIETNAMESE_BEYOND_LATIN1 = re.compile(r"[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
STYLE_SUFFIX = re.compile(r"[,-](Bold|Italic|Oblique|BoldItalic|BoldOblique|Regular|Roman)$", re.IGNORECASE)
MIN_WORDS = 3  # fewer legacy-looking words than this is not evidence of anything
MIN_VALID_SHARE = 0.6  # of the legacy-looking words, the share that must decode to Vietnamese syllables


def font_encoding(font_name: str | None) -> tuple[Encoding | None, bool]:
    """The legacy encoding a font name implies, and whether it is a TCVN3 all-capitals (`H`) font.

    Names come as Word writes them (`.VnTime`, `.VnTimeH`, `VNI-Times`) or as PDFs embed them
    (`ABCDEF+.VnTimeH,Bold`, `VnArialH-Bold`, `VNI-Helve`).
    """
    if not font_name:
        return None, False
    name = SUBSET_PREFIX.sub("", font_name.strip())
    name = STYLE_SUFFIX.sub("", name).lstrip("._")
    lower = name.lower()
    if lower.startswith("vni"):
        return Encoding.vni, False
    if lower.startswith("vn") and len(name) > 3:
        return Encoding.tcvn3, name.endswith("H")
    return None, False


def decode_chars(text: str, encoding: Encoding, capitals: bool = False) -> str:
    """Every character through the encoding's table (the font is known to be legacy), NFC.

    Characters beyond Latin-1 are already Unicode and pass through. `capitals` is the TCVN3 `H` font.
    """
    table = TABLES[encoding]
    decoded = "".join(table.get(ch, ch) for ch in text)
    if capitals:
        decoded = decoded.upper()
    return unicodedata.normalize("NFC", decoded)


def decode_char(ch: str, encoding: Encoding, capitals: bool = False) -> str:
    """One PDF glyph's text (not NFC: a VNI mark is a combining character that joins its base later)."""
    decoded = TABLES[encoding].get(ch, ch)
    return decoded.upper() if capitals else decoded


def _candidates(text: str) -> list[str]:
    """Words that carry Latin-1 characters and nothing beyond: the only ones a legacy decoding changes.

    A lone symbol (`©`, `§`, `½`, `×`) is not counted: in TCVN3 most of them would read as a vowel.
    """
    return [word for word in WORD.findall(text) if len(word) > 1 and LATIN1_HIGH.search(word)]


def detect(text: str) -> Encoding | None:
    """The legacy encoding this text is in, or None when it is real text (or too little to tell).

    Counts the words with Latin-1 characters that read as Vietnamese syllables as they are, through TCVN3
    and through VNI; a legacy encoding wins only when most of those words become syllables through it and
    clearly more than as they are. Unicode Vietnamese carries letters beyond Latin-1 (ơ, ư, đ, ạ) and reads
    as itself; English has no candidate words; French words (`été`, `naïve`) do not become syllables.
    """
    candidates = _candidates(text)
    if len(candidates) < MIN_WORDS:
        return None
    unicode_words = sum(1 for word in text.split() if VIETNAMESE_BEYOND_LATIN1.search(word))
    if unicode_words > len(candidates):
        return None
    as_is = sum(is_vietnamese_syllable(word) for word in candidates)
    scores = {
        encoding: sum(is_vietnamese_syllable(decode_chars(word, encoding)) for word in candidates)
        for encoding in Encoding
    }
    encoding = max(scores, key=lambda item: scores[item])  # TCVN3 on a tie: the more common one
    valid = scores[encoding]
    if valid < MIN_WORDS or valid < MIN_VALID_SHARE * len(candidates):
        return None
    if valid - as_is < 0.25 * len(candidates):
        return None
    return encoding


def decode_text(text: str, encoding: Encoding) -> str:
    """Decode the words with Latin-1 characters; words with real Unicode letters or plain ASCII stay as they are.

    Without a font name the TCVN3 capitals font is guessed line by line: a word spelt in ASCII capitals
    (`NH©N`) is a capitals word, and so is a capitalised word on a line of capitals (`Uû BAN NH©N D©N`).
    """
    lines = []
    for line in text.split("\n"):
        if VIETNAMESE_BEYOND_LATIN1.search(line):
            lines.append(line)  # a Unicode line on a mixed page: its `nhân` is not TCVN3 `nhõn`
            continue
        capitals_line = encoding is Encoding.tcvn3 and _is_capitals_line(line)
        lines.append(WORD.sub(partial(_decode_match, encoding=encoding, capitals_line=capitals_line), line))
    return unicodedata.normalize("NFC", "\n".join(lines))


def _decode_match(match: re.Match[str], encoding: Encoding, capitals_line: bool) -> str:
    word = match.group(0)
    if not LATIN1_HIGH.search(word):
        return word
    return decode_chars(word, encoding, encoding is Encoding.tcvn3 and _is_capitals_word(word, capitals_line))


def _is_capitals_word(word: str, capitals_line: bool) -> bool:
    letters = [ch for ch in word if ch.isascii()]
    if not letters:
        return capitals_line
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        return True
    return capitals_line and letters[0].isupper()


def _is_capitals_line(line: str) -> bool:
    """Most words with two or more ASCII letters are written in capitals (a heading in a `H` font)."""
    words = [[ch for ch in word if ch.isascii()] for word in WORD.findall(line)]
    words = [letters for letters in words if len(letters) >= 2]
    if len(words) < 2:
        return False
    upper = sum(all(ch.isupper() for ch in letters) for letters in words)
    return upper >= 0.7 * len(words)


def repair(text: str) -> tuple[str, Encoding | None]:
    """The text decoded when it is in a legacy encoding, with the encoding found; else the text unchanged."""
    encoding = detect(text)
    if encoding is None:
        return text, None
    return decode_text(text, encoding), encoding
