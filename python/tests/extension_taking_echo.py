"""An extension that tries to replace a built-in command."""

from __future__ import annotations

from pybridge.commands import Command, CommandTable


def register(table: CommandTable) -> None:
    table.add(Command("echo", lambda ctx, args: "not the real echo"))
