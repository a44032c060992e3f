"""Commands and the command table, the checking of their arguments, and the built-in commands of PROTOCOL.md.

The worker takes its table from outside: `python -m pybridge` fills it with the built-in commands, the
script commands and those of each extension module named with `--extension`, then hands it to the worker.
An extension module defines `register(table: CommandTable) -> None`, which adds its commands with
`table.add(Command(...))`.
"""

from __future__ import annotations

import builtins
import os
import sys
from collections.abc import Callable
from types import CodeType

from .errors import InvalidArguments, TargetNotFound, qualified_name
from .protocol import describe_value, json_kind
from .stats import python_version, rss_bytes

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .context import RequestContext

DEFAULT_FILENAME = "<pybridge>"


class Command:
    """A named command. An inline one runs on the reading thread even with --threads > 1:
    it is quick, runs no user code, and must not wait behind busy request threads.
    Only a command that accepts refs may receive `ref` tags in its arguments."""

    __slots__ = ("name", "run", "inline", "accepts_refs")

    def __init__(
        self,
        name: str,
        run: Callable[[RequestContext, dict[str, object]], object],
        inline: bool = False,
        accepts_refs: bool = False,
    ) -> None:
        self.name = name
        self.run = run
        self.inline = inline
        self.accepts_refs = accepts_refs


class CommandTable:
    """The commands a worker serves, by name. Filled before the worker starts, read-only after."""

    __slots__ = ("_commands",)

    def __init__(self) -> None:
        self._commands: dict[str, Command] = {}

    def add(self, command: Command) -> None:
        """Adds a command; a name that is taken already is an error, so no command silently replaces another."""
        if not command.name or not isinstance(command.name, str):
            raise ValueError(f"a command needs a non-empty name, not {command.name!r}")
        if command.name in self._commands:
            raise ValueError(f"there is a command named {command.name!r} already")
        self._commands[command.name] = command

    def get(self, name: str) -> Command | None:
        return self._commands.get(name)

    def names(self) -> list[str]:
        return sorted(self._commands)


def register(table: CommandTable) -> None:
    """Adds the built-in commands."""
    for command in (
        Command("ping", _ping, inline=True),
        Command("echo", _echo),
        Command("eval", _eval),
        Command("exec", _exec),
        Command("call", _call),
        Command("session.close", _session_close),
        Command("stats", _stats, inline=True),
        Command("cancel", _cancel, inline=True),
        Command("shutdown", _shutdown, inline=True),
    ):
        table.add(command)


class Required:
    """Marks an argument without a default, in the specs of `take_args`."""


def take_args(command: str, args: dict[str, object], spec: tuple[tuple[str, type | None, object], ...]) -> list[object]:
    """The arguments in `spec` order: (name, exact type or None for any, default or Required)."""
    names = [name for name, _, _ in spec]
    for name in args:
        if name not in names:
            takes = "takes " + ", ".join(repr(known) for known in names) if names else "takes no arguments"
            raise InvalidArguments(f"{command}: unknown argument {name!r}; {command} {takes}")
    values = []
    for name, kind, default in spec:
        if name not in args:
            if default is Required:
                raise InvalidArguments(f"{command}: missing argument {name!r}, expected {_kind_text(kind)}")
            values.append(default)
            continue
        value = args[name]
        # Exact types: JSON's true is not an integer, and 1 is not a boolean.
        if kind is not None and type(value) is not kind:
            raise InvalidArguments(f"{command}: argument {name!r} expected {_kind_text(kind)}, got {describe_value(value)}")
        values.append(value)
    return values


def _kind_text(kind: type | None) -> str:
    if kind is None:
        return "any value"
    return json_kind(kind())  # the kind of an empty instance: "a string", "an array", ...


def _capture_if_asked(ctx: RequestContext, args: dict[str, object]) -> None:
    # Turned on before the other arguments are checked, so that an error in
    # them is still answered with the (empty) captured output.
    if args.get("capture") is True:
        ctx.capture_output()


def _ping(ctx: RequestContext, args: dict[str, object]) -> object:
    take_args("ping", args, ())
    return {"pong": True, "pid": os.getpid(), "uptime_s": ctx.uptime_s()}


def _echo(ctx: RequestContext, args: dict[str, object]) -> object:
    (value,) = take_args("echo", args, (("value", None, Required),))
    return value


def _eval(ctx: RequestContext, args: dict[str, object]) -> object:
    _capture_if_asked(ctx, args)
    code, _, filename = take_args("eval", args, (("code", str, Required), ("capture", bool, False), ("filename", str, DEFAULT_FILENAME)))
    namespace = ctx.namespace()
    ctx.enter_user_code()
    # dont_inherit: the worker's own __future__ imports must not reach user code.
    return eval(compile(code, filename, "eval", dont_inherit=True), namespace)


def _exec(ctx: RequestContext, args: dict[str, object]) -> object:
    _capture_if_asked(ctx, args)
    code, _, filename = take_args("exec", args, (("code", str, Required), ("capture", bool, False), ("filename", str, DEFAULT_FILENAME)))
    namespace = ctx.namespace()
    ctx.enter_user_code()
    body, final = compile_statements(code, filename)
    exec(body, namespace)
    return eval(final, namespace) if final is not None else None


def compile_statements(code: str, filename: str) -> tuple[CodeType, CodeType | None]:
    """`code` compiled as statements, with a final expression statement compiled apart so that
    its value can be the result: (the statements before it, the expression or None).

    Both parts are compiled before either runs, so a SyntaxError anywhere runs nothing.
    """
    import ast

    # compile() rather than ast.parse(), so that a SyntaxError's traceback has no frame of the ast module.
    # dont_inherit: the worker's own __future__ imports must not reach user code.
    module = compile(code, filename, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    last = module.body[-1] if module.body else None
    if not isinstance(last, ast.Expr):
        return compile(module, filename, "exec", dont_inherit=True), None
    module.body.pop()
    body = compile(module, filename, "exec", dont_inherit=True)
    return body, compile(ast.Expression(last.value), filename, "eval", dont_inherit=True)


def _call(ctx: RequestContext, args: dict[str, object]) -> object:
    _capture_if_asked(ctx, args)
    target, positional, keywords, _ = take_args(
        "call", args, (("target", str, Required), ("args", list, ()), ("kwargs", dict, None), ("capture", bool, False))
    )
    namespace = ctx.namespace()
    ctx.enter_user_code()
    function = _resolve(target, namespace)
    if not callable(function):
        raise InvalidArguments(f"call: target {target!r} is not callable: it is of type {qualified_name(type(function))}")
    return function(*positional, **(keywords or {}))


def _resolve(target: str, namespace: dict[str, object]) -> object:
    """Finds a `call` target: "package.module:attr.path", or "name.attr" in the namespace or builtins."""
    module_name, colon, attributes = target.partition(":")
    names = (attributes if colon else target).split(".")
    parts = module_name.split(".") + names if colon else names
    if not all(part.isidentifier() for part in parts):
        raise InvalidArguments(
            f"call: target {target!r} is neither 'package.module:attr.path' nor 'name.attr' (dotted Python identifiers)"
        )
    if colon:
        found = _import(module_name, target)
        where = module_name
    else:
        first = names.pop(0)
        if first in namespace:
            found = namespace[first]
        elif hasattr(builtins, first):
            found = getattr(builtins, first)
        else:
            raise TargetNotFound(f"call: name {first!r} is not defined in the session namespace nor in builtins")
        where = first
    missing = object()
    for name in names:
        attribute = getattr(found, name, missing)
        if attribute is missing:
            raise TargetNotFound(f"call: {where!r} has no attribute {name!r} (target {target!r})")
        found = attribute
        where = f"{where}.{name}"
    return found


def _import(module_name: str, target: str) -> object:
    try:
        __import__(module_name)
    except ModuleNotFoundError as exc:
        # Only the target module (or a package above it) being absent is a
        # missing target; a module that fails to import something else is a user error.
        if exc.name is not None and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            raise TargetNotFound(f"call: no module named {exc.name!r} (target {target!r})") from None
        raise
    return sys.modules[module_name]


def _session_close(ctx: RequestContext, args: dict[str, object]) -> object:
    take_args("session.close", args, ())
    return {"closed": ctx.close_session()}


def _stats(ctx: RequestContext, args: dict[str, object]) -> object:
    take_args("stats", args, ())
    return {
        "pid": os.getpid(),
        "python": python_version(),
        "uptime_s": ctx.uptime_s(),
        **ctx.counters(),
        "rss_bytes": rss_bytes(),
        "threads": ctx.threads,
    }


def _cancel(ctx: RequestContext, args: dict[str, object]) -> object:
    (target_id,) = take_args("cancel", args, (("id", int, Required),))
    return {"cancelled": ctx.cancel(target_id)}


def _shutdown(ctx: RequestContext, args: dict[str, object]) -> object:
    take_args("shutdown", args, ())
    ctx.exit_after_reply(0)
    return {"shutting_down": True}
