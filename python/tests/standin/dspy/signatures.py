"""`dspy.Signature`, `dspy.make_signature`, `dspy.InputField`, `dspy.OutputField`: a signature is a class whose
fields are ordered inputs then outputs, each with a type, a description and a prefix."""

from __future__ import annotations

import copy
import keyword
import re
import typing


class FieldInfo:
    """What InputField and OutputField return; DSPy keeps the same keys in pydantic's json_schema_extra."""

    def __init__(self, field_type: str, annotation: object = None, **extra: object) -> None:
        self.annotation = annotation
        self.json_schema_extra: dict[str, object] = {"__dspy_field_type": field_type, **extra}

    def __repr__(self) -> str:
        return f"FieldInfo({self.json_schema_extra['__dspy_field_type']}, {annotation_name(self.annotation)})"


def InputField(**kwargs: object) -> FieldInfo:  # noqa: N802 - DSPy's name
    return FieldInfo("input", **kwargs)


def OutputField(**kwargs: object) -> FieldInfo:  # noqa: N802 - DSPy's name
    return FieldInfo("output", **kwargs)


class SignatureMeta(type):
    """Signature classes: calling `Signature(fields, instructions)` makes a new one, as in DSPy."""

    def __call__(cls, *args: object, **kwargs: object) -> object:
        if cls is Signature:
            return make_signature(*args, **kwargs)  # type: ignore[arg-type]
        raise TypeError("a Signature is a class; DSPy never makes instances of it")

    @property
    def instructions(cls) -> str:
        return cls.__doc__ or ""

    @property
    def fields(cls) -> dict[str, FieldInfo]:
        return dict(cls._fields)  # type: ignore[attr-defined]

    @property
    def input_fields(cls) -> dict[str, FieldInfo]:
        return {name: info for name, info in cls.fields.items() if info.json_schema_extra["__dspy_field_type"] == "input"}

    @property
    def output_fields(cls) -> dict[str, FieldInfo]:
        return {name: info for name, info in cls.fields.items() if info.json_schema_extra["__dspy_field_type"] == "output"}

    @property
    def signature(cls) -> str:
        return f"{', '.join(cls.input_fields)} -> {', '.join(cls.output_fields)}"

    def with_instructions(cls, instructions: str) -> type:
        return Signature(cls.fields, instructions)

    def prepend(cls, name: str, field: FieldInfo, type_: object = None) -> type:
        return cls.insert(0, name, field, type_)

    def append(cls, name: str, field: FieldInfo, type_: object = None) -> type:
        return cls.insert(-1, name, field, type_)

    def insert(cls, index: int, name: str, field: FieldInfo, type_: object = None) -> type:
        field = copy.copy(field)
        field.annotation = type_ if type_ is not None else (field.annotation or str)
        inputs = list(cls.input_fields.items())
        outputs = list(cls.output_fields.items())
        target = inputs if field.json_schema_extra["__dspy_field_type"] == "input" else outputs
        if index < 0:
            index += len(target) + 1
        target.insert(index, (name, field))
        return Signature(dict(inputs + outputs), cls.instructions)

    def dump_state(cls) -> dict[str, object]:
        return {
            "instructions": cls.instructions,
            "fields": [
                {"prefix": info.json_schema_extra["prefix"], "description": info.json_schema_extra["desc"]}
                for info in cls.fields.values()
            ],
        }

    def load_state(cls, state: dict[str, object]) -> type:
        fields = copy.deepcopy(cls.fields)
        for info, saved in zip(fields.values(), state["fields"]):  # type: ignore[call-overload]
            info.json_schema_extra["prefix"] = saved["prefix"]
            info.json_schema_extra["desc"] = saved["description"]
        return Signature(fields, state["instructions"])


class Signature(metaclass=SignatureMeta):
    """The base of every signature class."""

    _fields: dict[str, FieldInfo] = {}


# What a field must not be named: the signature's own attributes (pydantic refuses to shadow them too).
_TAKEN = frozenset(name for owner in (Signature, SignatureMeta) for name in dir(owner) if not name.startswith("_"))


def make_signature(
    signature: str | dict[str, object],
    instructions: str | None = None,
    signature_name: str = "StringSignature",
    custom_types: dict[str, type] | None = None,
) -> type:
    """A new Signature class from "a, b -> c" or from {name: (type, FieldInfo) or FieldInfo}."""
    fields = _parse(signature) if isinstance(signature, str) else signature
    made: dict[str, FieldInfo] = {}
    for name, value in fields.items():
        if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
            raise ValueError(f"Field name {name!r} is not a usable Python identifier")
        if name in _TAKEN:
            raise NameError(f'Field name "{name}" shadows an attribute in parent "Signature"')
        field_type, info = value if isinstance(value, tuple) else (getattr(value, "annotation", None), value)
        if not isinstance(info, FieldInfo):
            raise ValueError(f"Field values must be Field instances, not {type(info)}")
        info = copy.copy(info)
        info.json_schema_extra = dict(info.json_schema_extra)
        info.annotation = field_type if field_type is not None else str
        info.json_schema_extra.setdefault("prefix", _infer_prefix(name) + ":")
        info.json_schema_extra.setdefault("desc", f"${{{name}}}")
        made[name] = info
    if instructions is None:
        inputs = [name for name, info in made.items() if info.json_schema_extra["__dspy_field_type"] == "input"]
        outputs = [name for name in made if name not in inputs]
        instructions = f"Given the fields {', '.join(f'`{n}`' for n in inputs)}, produce the fields {', '.join(f'`{n}`' for n in outputs)}."
    ordered = {name: info for name, info in made.items() if info.json_schema_extra["__dspy_field_type"] == "input"}
    ordered.update({name: info for name, info in made.items() if name not in ordered})
    return SignatureMeta(signature_name, (Signature,), {"__doc__": instructions, "_fields": ordered})


def ensure_signature(signature: object) -> type:
    return Signature(signature) if isinstance(signature, str) else signature  # type: ignore[return-value]


def _parse(text: str) -> dict[str, object]:
    inputs, _, outputs = text.partition("->")
    fields: dict[str, object] = {}
    for part, make in ((inputs, InputField), (outputs, OutputField)):
        for name in filter(None, (item.strip() for item in part.split(","))):
            fields[name] = (str, make())
    return fields


def _infer_prefix(name: str) -> str:
    return " ".join(word.capitalize() for word in re.split(r"_+", name) if word)


def annotation_name(annotation: object) -> str:
    """A type as DSPy writes it in prompts: 'list[str]', "Literal['a', 'b']", 'Union[int, NoneType]'."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is None:
        return getattr(annotation, "__name__", None) or str(annotation).replace("typing.", "")
    if origin is typing.Literal:
        return "Literal[" + ", ".join(repr(arg) for arg in args) + "]"
    origin_name = "Union" if origin is typing.Union else annotation_name(origin)
    return f"{origin_name}[{', '.join(annotation_name(arg) for arg in args)}]"
