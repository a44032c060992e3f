"""The signature object of the wire, checked, and its fields' names made safe for DSPy.

Field names come from Java: they may be Python keywords (`from`, `lambda`) or names that DSPy takes for
itself (`reasoning`, which ChainOfThought adds; `lm`, `config` and `demos`, which Predict takes out of its
arguments; the attributes of Signature and Prediction). Such a name gets a safe Python name (`from` ->
`from_`) for the dspy.Signature class, and values are mapped back, so the JVM only ever sees its own names.
"""

from __future__ import annotations

import keyword
import re

from ..commands import Required, take_args
from ..errors import InvalidArguments
from ..protocol import describe_value
from .field_types import FieldType, parse_type

# Names DSPy's modules use for fields and arguments of their own, in every supported version.
_DSPY_NAMES = frozenset(
    (
        "reasoning",
        "rationale",
        "trajectory",
        "next_thought",
        "next_tool_name",
        "next_tool_args",
        "next_tool_calls",
        "tools",
        "hint_",
        "completions",
        "completed",
        "max_iters",
        "config",
        "demos",
        "lm",
        "signature",
        "new_signature",
    )
)
_RESERVED_PATTERNS = (re.compile(r"reasoning_attempt_\d+"), re.compile(r"observation_\d+"))
_FIELD_SPEC = (("name", str, Required), ("type", str, "str"), ("description", None, None))


class Field:
    """One field: the JVM's name, the Python name DSPy sees, its type and description."""

    __slots__ = ("name", "python_name", "type", "description")

    def __init__(self, name: str, python_name: str, field_type: FieldType, description: str | None) -> None:
        self.name = name
        self.python_name = python_name
        self.type = field_type
        self.description = description

    def text(self) -> str:
        """The field in DSPy's string form: the name, with its type unless it is str."""
        return self.name if self.type.is_str else f"{self.name}: {self.type.text}"


class SignatureSpec:
    """A checked signature: inputs, outputs and instructions, with the name mapping both ways."""

    __slots__ = ("inputs", "outputs", "instructions")

    def __init__(self, inputs: list[Field], outputs: list[Field], instructions: str | None) -> None:
        self.inputs = inputs
        self.outputs = outputs
        self.instructions = instructions

    def text(self) -> str:
        """DSPy's string form, by the JVM's names: 'question, context -> answer, confidence: float'."""
        return ", ".join(field.text() for field in self.inputs) + " -> " + ", ".join(field.text() for field in self.outputs)

    def python_inputs(self, command: str, values: dict[str, object]) -> dict[str, object]:
        """The inputs by Python name; missing or unknown names are InvalidArguments listing the expected ones."""
        expected = [field.name for field in self.inputs]
        missing = [name for name in expected if name not in values]
        unknown = [name for name in values if name not in expected]
        if missing or unknown:
            problems = []
            if missing:
                problems.append("missing " + ", ".join(repr(name) for name in missing))
            if unknown:
                problems.append("unknown " + ", ".join(repr(name) for name in unknown))
            raise InvalidArguments(
                f"{command}: inputs: {'; '.join(problems)}; the program's inputs are {', '.join(repr(name) for name in expected)}"
            )
        return {field.python_name: values[field.name] for field in self.inputs}

    def build(self, dspy: object) -> object:
        """The dspy.Signature class of this signature."""
        fields: dict[str, object] = {}
        for field, make in [(field, dspy.InputField) for field in self.inputs] + [  # type: ignore[attr-defined]
            (field, dspy.OutputField) for field in self.outputs  # type: ignore[attr-defined]
        ]:
            info = make(desc=field.description) if field.description is not None else make()
            fields[field.python_name] = (field.type.python, info)
        return dspy.Signature(fields, self.instructions)  # type: ignore[attr-defined]


def parse_signature(command: str, value: object, reserved: frozenset[str]) -> SignatureSpec:
    """The signature object of `command`'s arguments, checked; `reserved` adds the names the installed
    DSPy keeps for itself (see reserved_names)."""
    if type(value) is not dict:
        raise InvalidArguments(f"{command}: argument 'signature' expected an object, got {describe_value(value)}")
    where = f"{command}: signature"
    inputs, outputs, instructions = take_args(
        where, value, (("inputs", list, Required), ("outputs", list, Required), ("instructions", None, None))
    )
    if instructions is not None and type(instructions) is not str:
        raise InvalidArguments(f"{where}: 'instructions' expected a string or null, got {describe_value(instructions)}")
    if not outputs:
        raise InvalidArguments(f"{where}: 'outputs' is empty; a signature needs at least one output field")
    raw = [_field(f"{where}.inputs[{index}]", item) for index, item in enumerate(inputs)]
    raw += [_field(f"{where}.outputs[{index}]", item) for index, item in enumerate(outputs)]
    seen: set[str] = set()
    for name, _, _ in raw:
        if name in seen:
            raise InvalidArguments(f"{where}: field name {name!r} is given twice; input and output names must all differ")
        seen.add(name)
    python_names = safe_names([name for name, _, _ in raw], reserved)
    fields = [Field(name, python_names[name], field_type, description) for name, field_type, description in raw]
    return SignatureSpec(fields[: len(inputs)], fields[len(inputs) :], instructions)


def _field(where: str, value: object) -> tuple[str, FieldType, str | None]:
    if type(value) is not dict:
        raise InvalidArguments(f"{where}: expected an object with 'name', 'type' and 'description', got {describe_value(value)}")
    name, type_text, description = take_args(where, value, _FIELD_SPEC)
    if not name:
        raise InvalidArguments(f"{where}: 'name' is empty")
    if description is not None and type(description) is not str:
        raise InvalidArguments(f"{where}: 'description' expected a string or null, got {describe_value(description)}")
    return name, parse_type(type_text, f"{where} ({name!r})"), description


def safe_names(names: list[str], reserved: frozenset[str]) -> dict[str, str]:
    """A Python name for each name: itself when DSPy can take it, else a safe variant that no other takes."""
    taken = {name for name in names if _usable(name, reserved)}
    result = {name: name for name in taken}
    for name in names:
        if name in result:
            continue
        base = re.sub(r"\W", "_", name)
        if not base[:1].isalpha():
            base = "f_" + base
        candidate = base + "_"
        while candidate in taken or not _usable(candidate, reserved):
            candidate += "_"
        taken.add(candidate)
        result[name] = candidate
    return result


def _usable(name: str, reserved: frozenset[str]) -> bool:
    return (
        name.isidentifier()
        and name[:1].isalpha()
        and not keyword.iskeyword(name)
        and not name.startswith("dspy_")
        and name not in _DSPY_NAMES
        and name not in reserved
        and not any(pattern.fullmatch(name) for pattern in _RESERVED_PATTERNS)
    )


def reserved_names(dspy: object) -> frozenset[str]:
    """The public attribute names of the installed DSPy's Signature class and its metaclass: a field by
    such a name would shadow one of them (pydantic refuses a field named like a BaseModel attribute)."""
    names: set[str] = set()
    for owner in (dspy.Signature, type(dspy.Signature)):  # type: ignore[attr-defined]
        names.update(name for name in dir(owner) if not name.startswith("_"))
    return frozenset(names)
