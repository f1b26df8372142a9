"""Kiểm Chứng's command line: parses, calls the application layer (service/), prints."""

from model import PIPELINE_VERSION

__version__ = PIPELINE_VERSION
