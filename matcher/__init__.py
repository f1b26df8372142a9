"""The matching stage: criteria frameworks as data, and (next) the criteria each document supports."""

from matcher.framework import Criterion, Framework, FrameworkError, framework_paths, load_framework

__all__ = ["Criterion", "Framework", "FrameworkError", "framework_paths", "load_framework"]
