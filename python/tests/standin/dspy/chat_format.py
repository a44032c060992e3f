"""ChatAdapter's format, as far as the tests' fake LMs read it: the system message lists the fields
("Your input fields are:" / "Your output fields are:", each as "1. `name` (type): description"), the user
message holds one `[[ ## name ## ]]` section per input and a reminder of the outputs, and the answer holds
one section per output, ended by `[[ ## completed ## ]]`. Values are coerced to the fields' types."""

from __future__ import annotations

import ast
import json
import re
import typing

from .signatures import FieldInfo, annotation_name

FIELD_HEADER = re.compile(r"\[\[ ## (\w+) ## \]\]")


def format_messages(signature: type, demos: list[dict[str, object]], inputs: dict[str, object]) -> list[dict[str, str]]:
    messages = [{"role": "system", "content": _system(signature)}]
    for demo in demos:
        messages.append({"role": "user", "content": _user(signature, demo, reminder=False)})
        messages.append({"role": "assistant", "content": _assistant(signature, demo)})
    messages.append({"role": "user", "content": _user(signature, inputs, reminder=True)})
    return messages


def parse(signature: type, completion: str) -> dict[str, object]:
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in completion.splitlines():
        match = FIELD_HEADER.match(line.strip())
        if match:
            current = match.group(1)
            sections.setdefault(current, [])
            rest = line.strip()[match.end() :].strip()
            if rest:
                sections[current].append(rest)
        elif current is not None:
            sections[current].append(line)
    outputs = signature.output_fields  # type: ignore[attr-defined]
    values = {}
    for name, info in outputs.items():
        if name not in sections:
            raise ValueError(f"Expected {list(outputs)} but got {list(sections)} from the LM's response")
        values[name] = coerce("\n".join(sections[name]).strip(), info.annotation, name)
    return values


def coerce(text: str, annotation: object, name: str) -> object:
    if annotation is str:
        return text
    try:
        value: object = json.loads(text)
    except ValueError:
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            value = text
    return _validate(value, annotation, name)


def _validate(value: object, annotation: object, name: str) -> object:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if annotation is typing.Any:
        return value
    if origin is typing.Union:
        if value is None and type(None) in args:
            return None
        for arg in args:
            try:
                return _validate(value, arg, name)
            except ValueError:
                continue
        raise ValueError(f"field {name!r}: {value!r} fits none of {annotation_name(annotation)}")
    if origin is typing.Literal:
        if value in args:
            return value
        raise ValueError(f"field {name!r}: {value!r} is not one of {args}")
    if origin in (list, dict) or annotation in (list, dict):
        kind = origin or annotation
        if not isinstance(value, kind):  # type: ignore[arg-type]
            raise ValueError(f"field {name!r}: expected {annotation_name(annotation)}, got {value!r}")
        if not args:
            return value
        if kind is list:
            return [_validate(item, args[0], name) for item in value]  # type: ignore[union-attr]
        return {_validate(key, args[0], name): _validate(item, args[1], name) for key, item in value.items()}  # type: ignore[union-attr]
    return _scalar(value, annotation, name)


def _scalar(value: object, annotation: object, name: str) -> object:
    if annotation is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
    elif annotation is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
    elif annotation is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif annotation is str:
        if isinstance(value, str):
            return value
    elif isinstance(annotation, type) and isinstance(value, annotation):
        return value
    raise ValueError(f"field {name!r}: expected {annotation_name(annotation)}, got {value!r}")


def _system(signature: type) -> str:
    s = signature
    structure = "\n\n".join(
        [f"[[ ## {name} ## ]]\n{{{name}}}" for name in s.input_fields]  # type: ignore[attr-defined]
        + [f"[[ ## {name} ## ]]\n{{{name}}}" for name in s.output_fields]  # type: ignore[attr-defined]
        + ["[[ ## completed ## ]]"]
    )
    objective = "\n        ".join([""] + s.instructions.splitlines())  # type: ignore[attr-defined]
    return (
        f"Your input fields are:\n{_describe(s.input_fields)}\n"  # type: ignore[attr-defined]
        f"Your output fields are:\n{_describe(s.output_fields)}\n"  # type: ignore[attr-defined]
        "All interactions will be structured in the following way, with the appropriate values filled in.\n\n"
        f"{structure}\n"
        f"In adhering to this structure, your objective is: {objective}"
    )


def _describe(fields: dict[str, FieldInfo]) -> str:
    lines = []
    for index, (name, info) in enumerate(fields.items(), start=1):
        desc = info.json_schema_extra["desc"]
        shown = desc if desc != f"${{{name}}}" else ""
        lines.append(f"{index}. `{name}` ({annotation_name(info.annotation)}): {shown}")
    return "\n".join(lines)


def _user(signature: type, values: dict[str, object], reminder: bool) -> str:
    parts = [
        f"[[ ## {name} ## ]]\n{_format_value(values[name], info)}"
        for name, info in signature.input_fields.items()  # type: ignore[attr-defined]
        if name in values
    ]
    if reminder:
        outputs = signature.output_fields  # type: ignore[attr-defined]
        fields = ", then ".join(f"`[[ ## {name} ## ]]`{_type_hint(info)}" for name, info in outputs.items())
        parts.append(
            f"Respond with the corresponding output fields, starting with the field {fields}, "
            "and then ending with the marker for `[[ ## completed ## ]]`."
        )
    return "\n\n".join(parts)


def _assistant(signature: type, values: dict[str, object]) -> str:
    parts = [
        f"[[ ## {name} ## ]]\n{_format_value(values.get(name, ''), info)}"
        for name, info in signature.output_fields.items()  # type: ignore[attr-defined]
    ]
    return "\n\n".join(parts + ["[[ ## completed ## ]]"])


def _type_hint(info: FieldInfo) -> str:
    return "" if info.annotation is str else f" (must be formatted as a valid Python {annotation_name(info.annotation)})"


def _format_value(value: object, info: FieldInfo) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
