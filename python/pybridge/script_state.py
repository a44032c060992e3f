"""What a script engine's session keeps in the worker beside its namespace: object handles,
the mirror of the globals that Java's bindings last saw, and compiled code."""

from __future__ import annotations

import json
import keyword
import os
import threading
import types
from collections import OrderedDict

from .commands import compile_statements
from .errors import UnknownRef, UnsupportedValue, qualified_name
from .protocol import Raw, Ref, buffer_text, ref_tag, to_json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import CodeType

# How many compiled scripts a session keeps; the least recently used goes first.
CODE_CACHE_SIZE = 64

# Values of these exact types never change in place: the same object has the same JSON.
_IMMUTABLE = frozenset((str, int, float, bool, type(None), bytes))
# Values of these types are never data: no need to try converting them.
_NEVER_DATA = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType, type)


class RefTable:
    """The objects a session handed to Java as `ref` tags, kept alive until the session closes.

    Ids count up from a random start, so that a handle made by another worker (before a restart,
    or before the session moved and was replayed) is unknown here rather than taken for whatever
    object got its number this time."""

    def __init__(self, session: str) -> None:
        self._session = session
        self._objects: dict[int, object] = {}
        self._ids: dict[int, int] = {}  # id(object) -> ref id; stable, since the table holds the object
        # os.urandom, not secrets: every worker imports this module at start, and secrets pulls in hmac and hashlib.
        self._first_id = int.from_bytes(os.urandom(6), "big") + 1
        self._lock = threading.Lock()

    def tag(self, value: object) -> dict[str, object]:
        """The `ref` tag for `value`; one object always gets the same id."""
        with self._lock:
            ref_id = self._ids.get(id(value))
            if ref_id is None:
                ref_id = self._first_id + len(self._objects)
                self._objects[ref_id] = value
                self._ids[id(value)] = ref_id
        return ref_tag(ref_id, qualified_name(type(value)), self._session)

    def resolve(self, value: object) -> object:
        """`value` with every Ref in it replaced by its object."""
        if type(value) is Ref:
            return self._lookup(value)
        if type(value) is list:
            return [self.resolve(item) for item in value]
        if type(value) is dict:
            return {key: self.resolve(item) for key, item in value.items()}
        return value

    def _lookup(self, ref: Ref) -> object:
        if ref.session != self._session:
            raise UnknownRef(f"ref {ref.id} belongs to session {ref.session!r}, not to this request's session {self._session!r}")
        with self._lock:
            found = self._objects.get(ref.id, _MISSING)
        if found is _MISSING:
            raise UnknownRef(
                f"session {self._session!r} has no object with ref {ref.id}: "
                "refs live as long as the session on the worker that gave them out"
            )
        return found


class GlobalsMirror:
    """What Java last saw of each global: the value (to spot an unchanged immutable one by
    identity) and its JSON text, or None for an object Java holds only as a ref."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[object, str | None]] = {}
        self.bound = False  # whether any script.eval has set bindings

    def bind(self, namespace: dict[str, object], bindings: dict[str, object]) -> None:
        """Sets the bindings Java sent as globals; names that are not Python identifiers are skipped."""
        self.bound = True
        for name, value in bindings.items():
            if name.isidentifier() and not keyword.iskeyword(name):
                namespace[name] = value
                self._seen[name] = (value, _text(value))

    def changes(self, namespace: dict[str, object]) -> tuple[dict[str, Raw], list[str]]:
        """The globals that JSON can carry and that changed since Java last saw them, and the
        names Java saw that are gone (or now hold a value JSON cannot carry)."""
        changed: dict[str, Raw] = {}
        removed: list[str] = []
        for name, value in list(namespace.items()):
            if type(name) is not str or (name.startswith("__") and name.endswith("__")):
                continue
            seen = self._seen.get(name)
            if seen is not None and seen[0] is value and (seen[1] is None or type(value) in _IMMUTABLE):
                continue
            converted = _plain(value)
            if converted is _MISSING:
                if seen is not None:
                    removed.append(name)
                    self._seen.pop(name, None)
                continue
            text = _dumps(converted)
            if seen is None or seen[1] != text:
                changed[name] = Raw(converted)
            self._seen[name] = (value, text)
        for name in list(self._seen):
            if name not in namespace:
                removed.append(name)
                self._seen.pop(name, None)
        return changed, removed


class CodeCache:
    """Compiled scripts by file name and source, so that running one again skips compiling it."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[str, str], tuple[CodeType, CodeType | None]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, code: str, filename: str) -> tuple[CodeType, CodeType | None]:
        key = (filename, code)
        with self._lock:
            compiled = self._entries.get(key)
            if compiled is not None:
                self._entries.move_to_end(key)
                return compiled
        compiled = compile_statements(code, filename)
        with self._lock:
            self._entries[key] = compiled
            if len(self._entries) > CODE_CACHE_SIZE:
                self._entries.popitem(last=False)
        return compiled


class ScriptState:
    """One session's script state; `filenames` are the script files its evals ran, which place errors."""

    def __init__(self, session: str) -> None:
        self.refs = RefTable(session)
        self.mirror = GlobalsMirror()
        self.code = CodeCache()
        self.argv: list[str] = [""]
        self.filenames: frozenset[str] = frozenset()


_MISSING = object()


def _plain(value: object) -> object:
    """`value` as JSON without refs, or _MISSING when JSON cannot carry it."""
    if isinstance(value, _NEVER_DATA):
        return _MISSING
    try:
        return to_json(value)
    except UnsupportedValue:
        return _MISSING


def _text(value: object) -> str | None:
    converted = _plain(value)
    return None if converted is _MISSING else _dumps(converted)


def _dumps(converted: object) -> str:
    return json.dumps(converted, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=buffer_text)
