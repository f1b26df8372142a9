"""The matching stage: criteria frameworks as data, the criteria each document supports, a unit's matrix."""

from matcher.framework import Criterion, Framework, framework_paths, load_framework

__all__ = ["Criterion", "Framework", "framework_paths", "load_framework"]
