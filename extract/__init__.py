"""Placeholder: this stage is built by a later issue (see DESIGN.md)."""
