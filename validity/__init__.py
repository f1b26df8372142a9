"""The validity stage: does the document count as evidence (signed, sealed, final, not a copy passed off as the
original)? It runs after extraction and adds flags with their evidence; it reads nothing itself."""

from validity.stage import ValidityStage

__all__ = ["ValidityStage"]
