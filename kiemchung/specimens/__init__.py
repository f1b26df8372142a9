"""Official-format documents rendered from their metadata (Nghị định 30/2020 layout): the bundled sample,
test fixtures and benchmark pages, whose right answers are known by construction."""

from kiemchung.specimens.model import OfficialDocument

__all__ = ["OfficialDocument"]
