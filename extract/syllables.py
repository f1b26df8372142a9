"""The shape of a Vietnamese syllable, for telling printed words from abbreviations and OCR's remains."""

from __future__ import annotations

import re

# a Vietnamese syllable: onset, vowels, coda; a capitalised token that is not one is an abbreviation (ODA)
_VOWELS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"
SYLLABLE = re.compile(
    rf"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?[{_VOWELS}]{{1,3}}(?:ch|ng|nh|[cmnpt])?$"
)
