"""The extraction stage: number, type, place and date of an official document, each with its evidence."""

from extract.extractor import ExtractStage, extract_record
from model.records import ExtractRecord

__all__ = ["ExtractRecord", "ExtractStage", "extract_record"]
