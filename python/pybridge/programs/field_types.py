"""Field types in DSPy's grammar (`str`, `list[str]`, `dict[str, int]`, `Literal['a', 'b']`, `Optional[T]`,
nested), parsed into Python types by a small recursive-descent parser: nothing is evaluated."""

from __future__ import annotations

import re
import typing

from ..errors import InvalidArguments

_SCALARS: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}
# typing's capitalised aliases are accepted, and written back in DSPy's lower-case form.
_CONTAINERS = {"list": "list", "List": "list", "dict": "dict", "Dict": "dict"}
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<name>[A-Za-z_][A-Za-z_0-9]*)
      | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
      | (?P<number>-?\d+)
      | (?P<punct>[\[\],])
    )""",
    re.VERBOSE,
)


class FieldType:
    """A parsed field type: the Python type DSPy gets, and the canonical text of DSPy's grammar."""

    __slots__ = ("python", "text")

    def __init__(self, python: object, text: str) -> None:
        self.python = python
        self.text = text

    @property
    def is_str(self) -> bool:
        return self.python is str

    def __repr__(self) -> str:
        return f"FieldType({self.text})"


class _BadType(Exception):
    """What is wrong with a type text; the caller adds the field."""


def parse_type(text: str, where: str) -> FieldType:
    """The type named by `text`; a malformed or unknown type is InvalidArguments naming `where` and the text."""
    try:
        parser = _Parser(text)
        parsed = parser.type()
        parser.end()
    except _BadType as exc:
        raise InvalidArguments(
            f"{where}: type {text!r} is not understood: {exc}; the types are str, int, float, bool, list[T], "
            "dict[K, V], Literal['a', 'b'], Optional[T], nested"
        ) from None
    return parsed


class _Parser:
    def __init__(self, text: str) -> None:
        self._tokens = _tokenize(text)
        self._at = 0

    def _peek(self) -> tuple[str, str] | None:
        return self._tokens[self._at] if self._at < len(self._tokens) else None

    def _take(self) -> tuple[str, str]:
        token = self._peek()
        if token is None:
            raise _BadType("it ends too early")
        self._at += 1
        return token

    def _expect(self, punct: str) -> None:
        kind, value = self._take()
        if kind != "punct" or value != punct:
            raise _BadType(f"expected {punct!r}, found {value!r}")

    def _opens(self) -> bool:
        token = self._peek()
        if token == ("punct", "["):
            self._at += 1
            return True
        return False

    def end(self) -> None:
        token = self._peek()
        if token is not None:
            raise _BadType(f"unexpected {token[1]!r} after the type")

    def type(self) -> FieldType:
        kind, name = self._take()
        if kind != "name":
            raise _BadType(f"expected a type name, found {name!r}")
        if name in _SCALARS:
            return FieldType(_SCALARS[name], name)
        if name in _CONTAINERS:
            return self._container(_CONTAINERS[name])
        if name == "Optional":
            self._expect("[")
            inner = self.type()
            self._expect("]")
            return FieldType(typing.Optional[inner.python], f"Optional[{inner.text}]")  # type: ignore[index]
        if name == "Literal":
            return self._literal()
        raise _BadType(f"unknown type {name!r}")

    def _container(self, name: str) -> FieldType:
        if not self._opens():
            return FieldType(list if name == "list" else dict, name)
        first = self.type()
        if name == "list":
            self._expect("]")
            return FieldType(list[first.python], f"list[{first.text}]")  # type: ignore[index]
        self._expect(",")
        second = self.type()
        self._expect("]")
        return FieldType(dict[first.python, second.python], f"dict[{first.text}, {second.text}]")  # type: ignore[index]

    def _literal(self) -> FieldType:
        self._expect("[")
        values = [self._literal_value()]
        while True:
            kind, value = self._take()
            if (kind, value) == ("punct", "]"):
                break
            if (kind, value) != ("punct", ","):
                raise _BadType(f"expected ',' or ']' in Literal[...], found {value!r}")
            values.append(self._literal_value())
        text = ", ".join(_literal_text(value) for value in values)
        return FieldType(typing.Literal.__getitem__(tuple(values)), f"Literal[{text}]")

    def _literal_value(self) -> object:
        kind, value = self._take()
        if kind == "string":
            return _unquote(value)
        if kind == "number":
            return int(value)
        if kind == "name" and value in ("True", "False"):
            return value == "True"
        raise _BadType(f"a Literal value is a quoted string, a whole number, True or False, not {value!r}")


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens = []
    at = 0
    while at < len(text):
        if text[at:].strip() == "":
            break
        match = _TOKEN.match(text, at)
        if match is None:
            raise _BadType(f"unexpected {text[at:].strip()[0]!r}")
        kind = match.lastgroup
        assert kind is not None
        tokens.append((kind, match.group(kind)))
        at = match.end()
    return tokens


def _unquote(token: str) -> str:
    body = token[1:-1]
    # Only the quote and the backslash are escaped in DSPy's rendering of Literal strings.
    return re.sub(r"\\(.)", r"\1", body)


def _literal_text(value: object) -> str:
    """A Literal value as DSPy writes it: strings in single quotes unless they hold one."""
    if not isinstance(value, str):
        return repr(value)
    if "'" in value and '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
