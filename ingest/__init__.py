"""The reading stage: any evidence file an agency submits becomes pages of text later stages can trust."""

from ingest.reader import FileReader, Source

__all__ = ["FileReader", "Source"]
