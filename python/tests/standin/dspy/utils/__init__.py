"""`dspy.utils`: DummyLM, and the callback module."""

from . import callback
from .dummies import DummyLM

__all__ = ["DummyLM", "callback"]
