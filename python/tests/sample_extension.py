"""An extension module for the tests: adds `sample.greet`, and prints while it is imported."""

from __future__ import annotations

import sys

from pybridge.commands import Command, CommandTable, Required, take_args

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pybridge.context import RequestContext

# Must reach stderr, never the frame stream: extensions are imported after the worker guards stdout.
print("sample extension imported")
sys.stdout.flush()


def register(table: CommandTable) -> None:
    table.add(Command("sample.greet", _greet))


def _greet(ctx: RequestContext, args: dict[str, object]) -> object:
    (name,) = take_args("sample.greet", args, (("name", str, Required),))
    greetings = ctx.session_state("sample", list)
    assert isinstance(greetings, list)
    greetings.append(name)
    return {"greeting": f"hello {name}", "session": ctx.session, "greeted": list(greetings)}
