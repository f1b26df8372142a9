"""Kiểm Chứng: checks PAR Index evidence documents before the appraisal council does."""

__version__ = "0.1.0"
