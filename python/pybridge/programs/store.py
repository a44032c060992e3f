"""Where programs live: a session's programs by id (freed with the session), and the worker's small cache of
programs built from definitions (the pool spreads a batch over its workers; each builds a definition once)."""

from __future__ import annotations

import threading
from collections import OrderedDict

from ..errors import InvalidArguments, UnknownProgram
from .signatures import SignatureSpec

DEFINITION_CACHE_SIZE = 32


class Program:
    """A built program: what the JVM asked for, and the DSPy module. Replaced whole, never changed."""

    __slots__ = ("program_id", "kind", "signature", "options", "lm_scope", "module")

    def __init__(
        self, program_id: str, kind: str, signature: SignatureSpec, options: dict[str, object], lm_scope: str, module: object
    ) -> None:
        self.program_id = program_id
        self.kind = kind
        self.signature = signature
        self.options = options
        self.lm_scope = lm_scope
        self.module = module

    def with_module(self, module: object) -> Program:
        return Program(self.program_id, self.kind, self.signature, self.options, self.lm_scope, module)

    def info(self, adds_reasoning: bool) -> dict[str, object]:
        outputs = [field.name for field in self.signature.outputs]
        if adds_reasoning and "reasoning" not in outputs:
            outputs.append("reasoning")
        return {
            "program_id": self.program_id,
            "kind": self.kind,
            "signature": self.signature.text(),
            "inputs": [field.name for field in self.signature.inputs],
            "outputs": outputs,
            "options": dict(self.options),
            "lm_scope": self.lm_scope,
        }

    def __repr__(self) -> str:
        return f"Program({self.program_id!r}, {self.kind}, {self.signature.text()!r}, lm_scope={self.lm_scope!r})"


class ProgramStore:
    """One session's programs (the default namespace's without a session)."""

    __slots__ = ("_programs", "_lock")

    def __init__(self) -> None:
        self._programs: dict[str, Program] = {}
        self._lock = threading.Lock()

    def check_free(self, command: str, program_id: str) -> None:
        """Refuses an id the session uses already (checked again by add, which a concurrent create may beat)."""
        with self._lock:
            if program_id in self._programs:
                raise InvalidArguments(f"{command}: this session has a program {program_id!r} already: delete it first, or use another id")

    def add(self, command: str, program: Program) -> None:
        with self._lock:
            if program.program_id in self._programs:
                raise InvalidArguments(
                    f"{command}: this session has a program {program.program_id!r} already: delete it first, or use another id"
                )
            self._programs[program.program_id] = program

    def get(self, program_id: str) -> Program:
        with self._lock:
            program = self._programs.get(program_id)
            if program is None:
                known = ", ".join(repr(name) for name in sorted(self._programs)) or "none"
                raise UnknownProgram(f"no program {program_id!r} in this session; its programs: {known}")
            return program

    def replace(self, program: Program) -> None:
        with self._lock:
            self._programs[program.program_id] = program

    def remove(self, program_id: str) -> bool:
        with self._lock:
            return self._programs.pop(program_id, None) is not None

    def all(self) -> list[Program]:
        with self._lock:
            return [self._programs[name] for name in sorted(self._programs)]

    def __repr__(self) -> str:
        with self._lock:
            return f"ProgramStore({sorted(self._programs)})"


class DefinitionCache:
    """Programs built from definitions, by digest; the least recently used goes first."""

    __slots__ = ("_programs", "_lock", "_size")

    def __init__(self, size: int = DEFINITION_CACHE_SIZE) -> None:
        self._programs: OrderedDict[str, Program] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, digest: str) -> Program | None:
        with self._lock:
            program = self._programs.get(digest)
            if program is not None:
                self._programs.move_to_end(digest)
            return program

    def put(self, digest: str, program: Program) -> Program:
        """Keeps `program` unless another request built the same digest first; returns the one kept."""
        with self._lock:
            kept = self._programs.setdefault(digest, program)
            self._programs.move_to_end(digest)
            while len(self._programs) > self._size:
                self._programs.popitem(last=False)
            return kept

    def __repr__(self) -> str:
        with self._lock:
            return f"DefinitionCache({len(self._programs)} of {self._size})"
