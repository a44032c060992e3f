"""The program commands (PROTOCOL.md, "Program commands"): DSPy programs for the JVM's typed Adapter.

`python -m pybridge` always registers them, but DSPy is imported by the first program command, never at
start-up: a worker that runs no program does not pay for it. Without an importable DSPy (2.6 or newer) every
program command but `dspy_info` answers DependencyMissing, naming the interpreter and how to install it.

DSPy versions: 2.6 through 3.x. Where they differ:
- usage: each execution runs in `dspy.context(track_usage=True)`; `Prediction.get_lm_usage()` (late 2.6 and 3.x)
  gives DSPy's own count, and where it gives none (earlier versions, or an LM that does not report to DSPy's
  usage tracker, as a `BaseLM` subclass does not in 3.0) the usage of the recorded LM calls is summed;
- LM calls are recorded by a `dspy.utils.callback.BaseCallback`: 3.x routes every `BaseLM` to `on_lm_*`, older
  versions only `dspy.LM` (other LMs arrive as `on_module_*`, which the recorder accepts for LMs too);
- multi_chain_comparison spreads its attempts as the installed BestOfN does: by `rollout_id` with temperature
  1.0 on 3.x, by temperature on 2.x;
- BestOfN and Refine arrived during 2.6: a DSPy without them answers DependencyMissing for those kinds;
- state: `Module.dump_state()` / `load_state(state)` (3.x's `json_mode` and `allow_unsafe_lm_state` keep
  their defaults).
"""

from __future__ import annotations

from ..commands import Command, CommandTable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from ..context import RequestContext

COMMANDS = (
    "configure_lm",
    "create_program",
    "execute_program",
    "list_programs",
    "get_program",
    "delete_program",
    "save_program",
    "load_program",
    "dspy_info",
)


def register(table: CommandTable) -> None:
    """Adds the program commands; their implementation is imported when the first one runs."""
    for name in COMMANDS:
        table.add(Command(name, _deferred(name)))


def _deferred(name: str) -> Callable[[RequestContext, dict[str, object]], object]:
    def run(ctx: RequestContext, args: dict[str, object]) -> object:
        from .handlers import HANDLERS

        return HANDLERS[name](ctx, args)

    run.__qualname__ = f"program command {name}"
    return run
