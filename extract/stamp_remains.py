"""What OCR makes of an incoming stamp (`ĐẾN`, `Số: … Ngày: …`) or a seal that overlaps a scan's heading and
subject: a few tokens of its text or ink on the heading's line (`TH KẾ HOẠCH`, `Số: 222 NGHỊ ĐỊNH`, `sẽ n0 | KE
HOẠCH`, `ĐẾN — TỜ TRÌNH`), before the subject's first words (`Suy luu25 — Triển khai …`, `5= Báo cáo …`), or as
lines of their own between the heading and the subject (`Số: 880`, `vs 9/2025 ˆ ˆ ~ ˆ ~`).

A printed word of a capitalised heading line is a Vietnamese syllable in capitals: a stamp's remains are tokens
no such line holds (a digit or a mark, no vowel, a lower-case letter) or the stamp's own `ĐẾN`. A few of them
are left out, never a printed word.
"""

from __future__ import annotations

import re
import unicodedata

from extract.syllables import SYLLABLE

# a list marker opening a body section ("1.", "II.", "a)", "-"): what follows it is a section's title
LIST_MARKER = re.compile(r"^(?:[IVXivx]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]$|^[-+•–—]$")
VOWELS = set("aeiouy")
STAMP_WORDS = {"den"}  # the incoming stamp's own word `ĐẾN` (OCR: `ĐỀN`), in capitals like a heading
MAX_TOKENS = 4  # a stamp's remains before a heading or a subject: at most this many tokens
MAX_CHARS = 14  # and this many characters (`Ngày: 15/9/2025`)
SHORT = 3  # a short capitalised token ("RỂ 202") goes with a stamp's other remains, never alone
QUOTES = "'\"‘’“”`"
DASH = re.compile(r"\s[—–-]+\s")
WORD = re.compile(r"[^\W\d_]{2,}")
ACUTE, DOT_BELOW = "\u0301", "\u0323"
# a công văn's `V/v` as OCR reads it through a stamp's ink: `W/y|`, `V}v`
VV_MISREAD = re.compile(r"^[VW][/|}\]lI1][vy]\|?\s*(?=\w)")


def _base(text: str) -> str:
    return "".join(unicodedata.normalize("NFD", ch)[0] for ch in text.lower()).replace("đ", "d")


def remains(token: str, capitals: bool = True) -> bool:
    """Whether a token cannot be a printed word (of a capitalised line, with `capitals`): it holds a digit or
    a mark (`Số:`, `115`, `5=`), has no vowel (`TH`, `Sg`), is jumbled (`HhUẾN`), is no syllable (`AT`), or is
    the stamp's `ĐẾN`. `V/v` opens a subject."""
    token = token.rstrip(",.;:") or token  # a word's own punctuation ("ĐỔI,", "Số:") is no speck
    if token.upper() == "V/V":
        return False
    if not token.isalpha() or (token.isupper() and _base(token) in STAMP_WORDS) or _jumbled(token):
        return True
    return not VOWELS & set(_base(token)) or (capitals and token.isupper() and not _syllable(token.lower()))


def _weak(token: str, capitals: bool) -> bool:
    """A word that may be a stamp's remains beside others: short, or not in capitals on a capitalised line."""
    return len(token) <= SHORT or (capitals and not token.isupper())


def _prefix(tokens: list[str], capitals: bool) -> bool:
    """Whether these leading tokens are a stamp's remains: few and short, at least one of them no printed word
    and the others short words (`RỂ 202`); or one or two short words not in capitals before a capitalised
    heading (`can`, `Sài Túi`)."""
    if len(tokens) > MAX_TOKENS or len("".join(tokens)) > MAX_CHARS:
        return False
    strong = [remains(token, capitals) for token in tokens]
    if not any(strong):
        return capitals and len(tokens) <= 2 and all(not t.isupper() and len(t) <= SHORT + 1 for t in tokens)
    return all(mark or _weak(token, capitals) for mark, token in zip(strong, tokens, strict=True))


def _jumbled(token: str) -> bool:
    """A capital after a lower-case letter inside one word (`xuLoaos`, `HhUẾN`), as no printed word is written."""
    lower = next((index for index, ch in enumerate(token) if ch.islower()), None)
    return lower is not None and any(ch.isupper() for ch in token[lower:])


def _syllable(word: str) -> bool:
    """A Vietnamese syllable: onset, vowels, coda; one ending in p, t, c or ch takes the acute or the dot below
    (`ÁT`, `ẠT`; `AT` is none)."""
    if not SYLLABLE.match(word):
        return False
    if not word.endswith(("p", "t", "c", "ch")):
        return True
    tones = {mark for ch in word for mark in unicodedata.normalize("NFD", ch)[1:]}
    return bool(tones & {ACUTE, DOT_BELOW})


def heading_rests(line: str) -> list[str]:
    """The rests of a heading line after one to four tokens a stamp may have left before them, shortest prefix
    first (none: the line starts with a list marker)."""
    tokens = line.split()
    if not tokens or LIST_MARKER.match(tokens[0]):
        return []
    return [
        " ".join(tokens[count:]).lstrip(QUOTES)
        for count in range(1, min(MAX_TOKENS, len(tokens) - 1) + 1)
        if _prefix(tokens[:count], capitals=True)
    ]


def subject_start(line: str) -> str:
    """A subject's first line without a stamp's remains before its first word: tokens up to a dash (`Suy luu25 —
    Triển khai`), or tokens before a capital (`5= Báo cáo`), and an unpaired quote (`'Tổng kết`)."""
    dash = DASH.search(line)
    if dash and dash.start() and _prefix(line[: dash.start()].split(), capitals=False):
        line = line[dash.end() :]
    tokens = line.split()
    for count in range(min(MAX_TOKENS, len(tokens) - 1), 0, -1):
        word = tokens[count]
        if word[:1].isupper() and not word.isupper() and _prefix(tokens[:count], capitals=False):
            line = " ".join(tokens[count:])
            break
    stripped = VV_MISREAD.sub("V/v ", line.lstrip())
    if stripped[:1] in QUOTES and not any(quote in stripped[1:] for quote in QUOTES):
        return stripped[1:]
    return stripped


def noise(line: str) -> bool:
    """A line of a stamp's or a seal's remains, not a subject's: with a speck among its tokens, fewer than two
    words or fewer tokens of two letters or digits than of specks (`Số: 880`, `ĐẾN`, `vs 9/2025 ˆ ˆ ~ ˆ ~ ° ~`,
    `Số: 507 _ m 2 „2 k „ c xE A`)."""
    tokens = line.split()
    if not tokens or re.match(r"(?i)^\s*V/v\b", line):
        return False
    if not any(remains(token, capitals=False) for token in tokens):
        return False  # printed words only ("Quy" a text layer broke off its line): never a stamp's
    words = [
        word for word in WORD.findall(line) if VOWELS & set(_base(word)) and _base(word) not in STAMP_WORDS
    ]
    return len(words) < 2 or 2 * sum(map(_printed, tokens)) < len(tokens)


def _printed(token: str) -> bool:
    """A token that reads as printed text: two characters or more, a vowel or a digit among them."""
    core = token.strip(".,;:!?()[]{}\"'„“”‘’`-–—_|")
    return len(core) >= 2 and (bool(VOWELS & set(_base(core))) or any(ch.isdigit() for ch in core))
