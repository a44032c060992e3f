"""What a script engine's session keeps in the worker beside its namespace: object handles,
the mirror of the globals that Java's bindings last saw, and compiled code."""

from __future__ import annotations

import itertools
import json
import keyword
import operator
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

# Mutable values whose JSON is at most this long are compared by content at every eval; larger
# ones by identity (GlobalsMirror). The same limit as the JVM's, SeenBinding.CONTENT_CHECK_BYTES.
CONTENT_CHECK_CHARS = 64 << 10

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
    """What Java last saw of each global, and how to find the globals that changed without reading
    all of them by content.

    The rule, the same as the Java side's: a global is unchanged while it holds the same object,
    or an equal one of an immutable type; a mutable value (a list, a dict) whose JSON was at most
    CONTENT_CHECK_CHARS long is also compared by its JSON, so that a change made in place is
    reported; a larger one is reported when the global is assigned another object. An eval thus
    costs one identity test per global (in C), not one conversion."""

    def __init__(self) -> None:
        # name -> the value last looked at: what Java saw (or holds as a ref), or a module, function
        # or class, which Java never sees (those names are in _hidden).
        self._known: dict[str, object] = {}
        self._hidden: set[str] = set()
        self._texts: dict[str, str] = {}  # name -> JSON text, for the small mutable values compared by content
        self.bound = False  # whether any script.eval has set bindings

    def bind(self, namespace: dict[str, object], bindings: dict[str, object]) -> None:
        """Sets the bindings Java sent as globals; names that are not Python identifiers are skipped."""
        self.bound = True
        for name, value in bindings.items():
            if name.isidentifier() and not keyword.iskeyword(name):
                namespace[name] = value
                # A value JSON cannot carry came as a ref: Java holds it, so it is never reported.
                self._remember(name, value, None if type(value) in _IMMUTABLE else _text(value))

    def unbind(self, namespace: dict[str, object], names: list[str]) -> None:
        """Deletes the globals whose bindings Java removed; Java knows they are gone."""
        for name in names:
            namespace.pop(name, None)
            self._forget(name)

    def changes(self, namespace: dict[str, object]) -> tuple[dict[str, Raw], list[str]]:
        """The globals that JSON can carry and that changed since Java last saw them, and the
        names Java saw that are gone (or now hold a value JSON cannot carry)."""
        changed: dict[str, Raw] = {}
        removed: list[str] = []
        candidates = self._candidates(namespace)
        # Every name not among the candidates is known; if fewer known names remain, some were deleted.
        new = sum(1 for name in candidates if name not in self._known)
        deleted = len(namespace) - new < len(self._known)
        for name in candidates:
            if type(name) is not str or (name.startswith("__") and name.endswith("__")):
                continue
            value = namespace[name]
            if isinstance(value, _NEVER_DATA):
                self._hide(name, value, removed)
                continue
            converted = _plain(value)
            if converted is _MISSING:
                if self._seen_by_java(name):
                    removed.append(name)
                self._forget(name)
                continue
            text = _dumps(converted)
            if not self._unchanged(name, value, text):
                changed[name] = Raw(converted)
            self._remember(name, value, text)
        if deleted:
            for name in [name for name in self._known if name not in namespace]:
                if self._seen_by_java(name):
                    removed.append(name)
                self._forget(name)
        return changed, removed

    def _candidates(self, namespace: dict[str, object]) -> list[str]:
        """The names that may hold something Java has not seen: a new object, or a value compared by content."""
        names = list(namespace)
        # One identity test per global, in C: map and compress run no Python code per item.
        differs = map(operator.is_not, namespace.values(), map(self._known.get, names, itertools.repeat(_MISSING)))
        candidates = list(itertools.compress(names, differs))
        candidates.extend(name for name in self._texts if name in namespace and self._known[name] is namespace[name])
        return candidates

    def _unchanged(self, name: str, value: object, text: str) -> bool:
        if not self._seen_by_java(name):
            return False
        before = self._known[name]
        if type(value) in _IMMUTABLE and type(before) is type(value):
            return before == value
        return self._texts.get(name) == text

    def _seen_by_java(self, name: str) -> bool:
        return name in self._known and name not in self._hidden

    def _remember(self, name: str, value: object, text: str | None) -> None:
        self._known[name] = value
        self._hidden.discard(name)
        if text is not None and type(value) not in _IMMUTABLE and len(text) <= CONTENT_CHECK_CHARS:
            self._texts[name] = text
        else:
            self._texts.pop(name, None)

    def _hide(self, name: str, value: object, removed: list[str]) -> None:
        if self._seen_by_java(name):
            removed.append(name)
        self._forget(name)
        self._known[name] = value
        self._hidden.add(name)

    def _forget(self, name: str) -> None:
        self._known.pop(name, None)
        self._hidden.discard(name)
        self._texts.pop(name, None)


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
