"""Functions named "package.module:function" (LM factories, ReAct tools, reward functions): imported, checked."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..errors import InvalidArguments, TargetNotFound, qualified_name


def resolve(target: str, where: str) -> Callable[..., object]:
    """The function `target` names; `where` names the argument in messages."""
    module_name, colon, attributes = target.partition(":")
    parts = module_name.split(".") + attributes.split(".")
    if not colon or not all(part.isidentifier() for part in parts):
        raise InvalidArguments(f"{where}: {target!r} is not a 'package.module:function' target")
    try:
        found: object = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # Only the target module (or a package above it) being absent is a missing target; a module that fails to
        # import something else is the user's error and keeps its own type.
        if exc.name is not None and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            raise TargetNotFound(f"{where}: no module named {exc.name!r} (target {target!r})") from None
        raise
    path = module_name
    for name in attributes.split("."):
        if not hasattr(found, name):
            raise TargetNotFound(f"{where}: {path!r} has no attribute {name!r} (target {target!r})")
        found = getattr(found, name)
        path = f"{path}.{name}"
    if not callable(found):
        raise InvalidArguments(f"{where}: {target!r} is not callable: it is of type {qualified_name(type(found))}")
    return found
