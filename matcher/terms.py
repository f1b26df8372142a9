"""Words of subjects and criteria compared without tone marks, abbreviations spelled out, weighted by how rare
they are among a framework's criteria.

Why: citations and files write the same thing as `TTHC` or `thủ tục hành chính`, with or without tone marks
(OCR, ASCII typing); and a criterion is told from its neighbours by its rare words (`cấp xã` against `cấp tỉnh`),
not by `cải cách hành chính`, which half the framework shares. Syllable bigrams stand in for Vietnamese words
(`hành chính`, `thủ tục`) without a word segmenter, so no model is needed at run time.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field

# abbreviations officers write in subjects and titles, spelled out before comparing
ABBREVIATIONS = {
    "CCHC": "cải cách hành chính",
    "TTHC": "thủ tục hành chính",
    "VBQPPL": "văn bản quy phạm pháp luật",
    "QPPL": "quy phạm pháp luật",
    "PAKN": "phản ánh, kiến nghị",
    "CQCM": "cơ quan chuyên môn",
    "ĐVHC": "đơn vị hành chính",
    "DVC": "dịch vụ công",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "CQNN": "cơ quan nhà nước",
    "HCNN": "hành chính nhà nước",
    "NSNN": "ngân sách nhà nước",
    "ĐVSNCL": "đơn vị sự nghiệp công lập",
    "SNCL": "sự nghiệp công lập",
    "KT-XH": "kinh tế - xã hội",
    "VTVL": "vị trí việc làm",
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "CĐS": "chuyển đổi số",
    "CNTT": "công nghệ thông tin",
    # the index's English name, as QĐ 1187/QĐ-BNV Điều 1 gives it ("tiếng Anh là PAR INDEX")
    "PAR INDEX": "Chỉ số cải cách hành chính",
    "PAR Index": "Chỉ số cải cách hành chính",
}
_ABBREVIATION = re.compile(
    r"(?<!\w)(" + "|".join(sorted(map(re.escape, ABBREVIATIONS), key=len, reverse=True)) + r")(?!\w)"
)
# function words that say nothing about which criterion a document backs (folded forms)
_STOP_WORDS = "va cua cac ve viec nhung mot tai trong cho voi la co duoc nay theo tren nam thang ngay"
STOP = frozenset(_STOP_WORDS.split(" "))
# syllables every administrative text carries, whatever it is about: the issuing bodies, the kinds of document,
# "thực hiện", "công tác". Rare among a framework's criteria they may be, but they tell nothing about a
# document's subject, so terms made only of them weigh GENERIC_WEIGHT of their rarity
_GENERIC = (
    "uy ban nhan dan hoi dong tinh so bao cao ke hoach quyet dinh thuc hien trien khai cong tac ket qua hinh"
)
GENERIC = frozenset(_GENERIC.split(" "))
GENERIC_WEIGHT = 0.25


def expand(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Abbreviations spelled out (`TTHC` → `thủ tục hành chính`), but those in `keep`; case kept elsewhere."""
    return _ABBREVIATION.sub(
        lambda match: match.group(1) if match.group(1) in keep else ABBREVIATIONS[match.group(1)],
        unicodedata.normalize("NFC", text),
    )


def fold(text: str) -> str:
    """Lower case without tone or vowel marks, `đ` as `d`: `Thủ tục` and `THU TUC` compare equal."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")


def words(text: str) -> list[tuple[str, str]]:
    """(folded, as written) for every content syllable of the text, abbreviations spelled out."""
    found = []
    for word in re.findall(r"[^\W\d_]+", expand(text).lower()):
        folded = fold(word)
        if folded not in STOP and len(folded) > 1:
            found.append((folded, word))
    return found


def terms(text: str) -> dict[str, str]:
    """Syllables and syllable pairs (folded) with how the text wrote them."""
    pairs = words(text)
    found = {folded: written for folded, written in pairs}
    for (a, wa), (b, wb) in itertools.pairwise(pairs):
        found[f"{a} {b}"] = f"{wa} {wb}"
    return found


def damping(term: str) -> float:
    """GENERIC_WEIGHT for a term made only of generic syllables, else 1."""
    return GENERIC_WEIGHT if all(part in GENERIC for part in term.split(" ")) else 1.0


@dataclass
class TermIndex:
    """Each criterion's words with their weight (rarity among the framework's criteria), for cosine similarity."""

    idf: dict[str, float] = field(default_factory=dict)
    profiles: dict[str, dict[str, float]] = field(default_factory=dict)
    norms: dict[str, float] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, texts: dict[str, list[str]]) -> TermIndex:
        """`texts`: criterion code → the texts that describe it (title, phrases, cited subjects)."""
        bags: dict[str, dict[str, float]] = {code: {} for code in texts}
        written: dict[str, str] = {}
        for code, parts in texts.items():
            for part in parts:
                found = terms(part)
                written.update(found)
                bags[code].update(dict.fromkeys(found, 1.0))
        frequency = Counter(term for bag in bags.values() for term in bag)
        total = len(bags) or 1
        idf = {
            term: math.log((total + 1) / (count + 0.5)) * damping(term) for term, count in frequency.items()
        }
        index = cls(idf=idf, written=written)
        for code, bag in bags.items():
            index.profiles[code] = {term: idf[term] for term in bag}
            index.norms[code] = math.sqrt(sum(weight * weight for weight in index.profiles[code].values()))
        return index

    def vector(self, text: str) -> dict[str, float]:
        """A document's words weighted like the criteria's; words no criterion has weigh as the rarest."""
        rare = max(self.idf.values(), default=1.0)
        return {term: self.idf.get(term, rare * damping(term)) for term in terms(text)}

    def similarity(self, vector: dict[str, float], code: str) -> tuple[float, list[str]]:
        """Cosine of the document's words and the criterion's, and the shared words that weigh most."""
        profile = self.profiles.get(code)
        norm = math.sqrt(sum(weight * weight for weight in vector.values()))
        if not profile or not norm or not self.norms.get(code):
            return 0.0, []
        shared = [term for term in vector if term in profile]
        dot = sum(vector[term] * profile[term] for term in shared)
        top = sorted(shared, key=lambda term: (-profile[term], -len(term)))
        shown = [self.written.get(term, term) for term in top if " " in term][:3]
        return dot / (norm * self.norms[code]), shown

    def coverage(self, found: Container[str], code: str) -> tuple[float, list[str]]:
        """The share of the code's weight among the text's terms `found`, and the shared words that weigh most: a
        short heading (`Chuyển đổi số trong các cơ quan nhà nước`) inside a long subject counts fully, where the
        cosine would be diluted by the subject's other words."""
        profile = self.profiles.get(code)
        total = sum(profile.values()) if profile else 0.0
        if not profile or not total:
            return 0.0, []
        shared = sorted(
            (term for term in profile if term in found), key=lambda term: (-profile[term], -len(term))
        )
        shown = [self.written.get(term, term) for term in shared if " " in term][:2]
        return sum(profile[term] for term in shared) / total, shown
