"""The extraction stage: number, type, date, place, issuer, signer, subject and cited documents of an official
document, each value with its evidence (page, source text, OCR or not, confidence)."""

from extract.extractor import ExtractStage, extract_record
from model.records import ExtractRecord

__all__ = ["ExtractRecord", "ExtractStage", "extract_record"]
