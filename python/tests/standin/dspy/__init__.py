"""A stand-in for DSPy, for PyBridge's tests only, never shipped: bridge-core packs `pybridge/**/*.py` and
`start_pybridge.py` from python/, and the tests put `tests/standin` on the import path only where the real
`dspy` does not import.

It mirrors the DSPy 3.x names that the program commands and the tests' fake LMs call, with their real
signatures (checked against stanfordnlp/dspy), and the least behaviour that makes them work: thread-local
settings, ChatAdapter's prompt format (the field lists of the system message, `[[ ## name ## ]]` sections),
LM history, usage tracking, callbacks, and module state. Where it differs on purpose it is stricter: field
names that are not Python identifiers or that shadow a Signature attribute are refused, as pydantic refuses
the latter, so that a test of the worker's renaming fails without it.
"""

from . import utils
from .configuration import configure, context, settings
from .lms import LM, BaseLM
from .modules import BestOfN, ChainOfThought, Module, MultiChainComparison, Predict, Prediction, ReAct, Refine
from .signatures import InputField, OutputField, Signature, make_signature

__version__ = "3.0.0-standin"

__all__ = [
    "BaseLM",
    "BestOfN",
    "ChainOfThought",
    "InputField",
    "LM",
    "Module",
    "MultiChainComparison",
    "OutputField",
    "Predict",
    "Prediction",
    "ReAct",
    "Refine",
    "Signature",
    "configure",
    "context",
    "make_signature",
    "settings",
    "utils",
]
