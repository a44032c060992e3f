"""The program commands' handlers: arguments checked, then the work handed to the modules beside this one."""

from __future__ import annotations

import threading

from ..commands import Required, take_args
from ..errors import InvalidArguments
from ..protocol import describe_value
from .kinds import REASONING_KINDS, build_module, check_kind_options
from .lms import LmScope, LmScopes, build_lm, lm_settings
from .loader import Dspy, describe_dspy, import_dspy
from .running import run
from .signatures import parse_signature
from .store import DefinitionCache, Program, ProgramStore
from .values import plain

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from ..context import RequestContext

STATE_KEY = "pybridge.programs"
_PROGRAM_SPEC = (
    ("program_id", str, Required),
    ("signature", dict, Required),
    ("kind", str, Required),
    ("options", dict, {}),
    ("lm_scope", str, "default"),
)
_DEFINITION_SPEC = (*_PROGRAM_SPEC, ("state", None, None), ("digest", str, Required))


class WorkerPrograms:
    """What the program commands keep for the worker's life: DSPy once imported, the LM scopes, built definitions."""

    __slots__ = ("lms", "definitions", "_dspy", "_lock")

    def __init__(self) -> None:
        self.lms = LmScopes()
        self.definitions = DefinitionCache()
        self._dspy: Dspy | None = None
        self._lock = threading.Lock()

    def dspy(self) -> Dspy:
        """DSPy, imported by the first program command; tried again by the next one while it fails."""
        with self._lock:
            if self._dspy is None:
                self._dspy = import_dspy()
            return self._dspy

    def __repr__(self) -> str:
        return f"WorkerPrograms({self.lms!r}, {self.definitions!r})"


def _worker(ctx: RequestContext) -> WorkerPrograms:
    state = ctx.worker_state(STATE_KEY, WorkerPrograms)
    assert isinstance(state, WorkerPrograms)
    return state


def _store(ctx: RequestContext) -> ProgramStore:
    store = ctx.session_state(STATE_KEY, ProgramStore)
    assert isinstance(store, ProgramStore)
    return store


def configure_lm(ctx: RequestContext, args: dict[str, object]) -> object:
    programs = _worker(ctx)
    dspy = programs.dspy()
    command = "configure_lm"
    scope, model, api_key, api_base, temperature, max_tokens, cache, kwargs, factory = take_args(
        command,
        args,
        (
            ("scope", str, "default"),
            ("model", str, Required),
            ("api_key", None, None),
            ("api_base", None, None),
            ("temperature", None, None),
            ("max_tokens", None, None),
            ("cache", None, None),
            ("kwargs", dict, {}),
            ("factory", None, None),
        ),
    )
    _nullable(command, "api_key", api_key, (str,), "a string")
    _nullable(command, "api_base", api_base, (str,), "a string")
    _nullable(command, "temperature", temperature, (int, float), "a number")
    _nullable(command, "max_tokens", max_tokens, (int,), "an integer")
    _nullable(command, "cache", cache, (bool,), "a boolean")
    _nullable(command, "factory", factory, (str,), "a 'module:function' string")
    _not_empty(command, "scope", scope)
    _not_empty(command, "model", model)
    if api_key:
        ctx.add_secret(api_key)  # before anything can fail with the key in its message
    given = {"api_key": api_key, "api_base": api_base, "temperature": temperature, "max_tokens": max_tokens, "cache": cache}
    settings = lm_settings(command, given, kwargs)  # type: ignore[arg-type]
    ctx.enter_user_code()
    lm = build_lm(dspy.module, command, model, settings, factory)  # type: ignore[arg-type]
    programs.lms.put(LmScope(scope, model, lm))  # type: ignore[arg-type]
    return {"scope": scope, "model": model}


def create_program(ctx: RequestContext, args: dict[str, object]) -> object:
    programs = _worker(ctx)
    dspy = programs.dspy()
    program_id, signature, kind, options, lm_scope = take_args("create_program", args, _PROGRAM_SPEC)
    store = _store(ctx)
    store.check_free("create_program", program_id)  # type: ignore[arg-type]
    ctx.enter_user_code()
    program = _build(programs, dspy, "create_program", program_id, signature, kind, options, lm_scope)  # type: ignore[arg-type]
    store.add("create_program", program)
    return _info(program)


def execute_program(ctx: RequestContext, args: dict[str, object]) -> object:
    programs = _worker(ctx)
    dspy = programs.dspy()
    command = "execute_program"
    program_id, definition, inputs = take_args(
        command, args, (("program_id", None, None), ("definition", None, None), ("inputs", dict, Required))
    )
    if (program_id is None) == (definition is None):
        raise InvalidArguments(f"{command}: give either 'program_id' (a program of the session) or 'definition', not both nor neither")
    if definition is not None:
        if type(definition) is not dict:
            raise InvalidArguments(f"{command}: argument 'definition' expected an object, got {describe_value(definition)}")
        ctx.enter_user_code()
        program = _defined(programs, dspy, definition)
    else:
        _nullable(command, "program_id", program_id, (str,), "a string")
        program = _store(ctx).get(program_id)  # type: ignore[arg-type]
    python_inputs = program.signature.python_inputs(command, inputs)  # type: ignore[arg-type]
    scope = programs.lms.require(program.lm_scope, program.program_id)
    ctx.enter_user_code()
    result = run(dspy, program, python_inputs, scope)
    result["worker"] = ctx.worker_id
    return ctx.redact(result)


def list_programs(ctx: RequestContext, args: dict[str, object]) -> object:
    _worker(ctx).dspy()
    take_args("list_programs", args, ())
    return [_info(program) for program in _store(ctx).all()]


def get_program(ctx: RequestContext, args: dict[str, object]) -> object:
    _worker(ctx).dspy()
    (program_id,) = take_args("get_program", args, (("program_id", str, Required),))
    return _info(_store(ctx).get(program_id))  # type: ignore[arg-type]


def delete_program(ctx: RequestContext, args: dict[str, object]) -> object:
    _worker(ctx).dspy()
    (program_id,) = take_args("delete_program", args, (("program_id", str, Required),))
    return {"deleted": _store(ctx).remove(program_id)}  # type: ignore[arg-type]


def save_program(ctx: RequestContext, args: dict[str, object]) -> object:
    _worker(ctx).dspy()
    (program_id,) = take_args("save_program", args, (("program_id", str, Required),))
    program = _store(ctx).get(program_id)  # type: ignore[arg-type]
    ctx.enter_user_code()
    state = plain(_without_lms(program.module.dump_state()), "save_program: state")  # type: ignore[attr-defined]
    return ctx.redact({"program_id": program_id, "state": state})


def load_program(ctx: RequestContext, args: dict[str, object]) -> object:
    _worker(ctx).dspy()
    program_id, state = take_args("load_program", args, (("program_id", str, Required), ("state", dict, Required)))
    store = _store(ctx)
    program = store.get(program_id)  # type: ignore[arg-type]
    ctx.enter_user_code()
    loaded = program.with_module(_loaded(program, state, "load_program"))  # type: ignore[arg-type]
    store.replace(loaded)
    return _info(loaded)


def dspy_info(ctx: RequestContext, args: dict[str, object]) -> object:
    take_args("dspy_info", args, ())
    return describe_dspy()


HANDLERS: dict[str, Callable[[RequestContext, dict[str, object]], object]] = {
    "configure_lm": configure_lm,
    "create_program": create_program,
    "execute_program": execute_program,
    "list_programs": list_programs,
    "get_program": get_program,
    "delete_program": delete_program,
    "save_program": save_program,
    "load_program": load_program,
    "dspy_info": dspy_info,
}


def _build(
    programs: WorkerPrograms, dspy: Dspy, where: str, program_id: str, signature: object, kind: str, options: dict, lm_scope: str
) -> Program:
    _not_empty(where, "program_id", program_id)
    _not_empty(where, "lm_scope", lm_scope)
    spec = parse_signature(where, signature, dspy.reserved)
    checked = check_kind_options(where, kind, options)
    scope = programs.lms.find(lm_scope)
    # Some DSPy versions look at the LM while a module is built; with no LM yet, the module is built without one.
    if scope is None:
        module = build_module(dspy, where, kind, spec, checked)
    else:
        with dspy.module.context(lm=scope.lm):  # type: ignore[attr-defined]
            module = build_module(dspy, where, kind, spec, checked)
    return Program(program_id, kind, spec, checked, lm_scope, module)


def _defined(programs: WorkerPrograms, dspy: Dspy, definition: dict[str, object]) -> Program:
    where = "execute_program: definition"
    program_id, signature, kind, options, lm_scope, state, digest = take_args(where, definition, _DEFINITION_SPEC)
    cached = programs.definitions.get(digest)  # type: ignore[arg-type]
    if cached is not None:
        return cached
    if state is not None and type(state) is not dict:
        raise InvalidArguments(f"{where}: 'state' expected an object or null, got {describe_value(state)}")
    program = _build(programs, dspy, where, program_id, signature, kind, options, lm_scope)  # type: ignore[arg-type]
    if state is not None:
        program = program.with_module(_loaded(program, state, where))  # type: ignore[arg-type]
    return programs.definitions.put(digest, program)  # type: ignore[arg-type]


def _loaded(program: Program, state: dict[str, object], where: str) -> object:
    """A copy of the program's module with `state` loaded; a state that does not fit is InvalidArguments."""
    module = program.module
    expected = sorted(module.dump_state())  # type: ignore[attr-defined]
    given = [name for name in state if name != "metadata"]  # DSPy's own saved files carry a `metadata` entry
    missing = [name for name in expected if name not in given]
    unknown = [name for name in given if name not in expected]
    if missing or unknown:
        problems = ([f"no entry for {', '.join(map(repr, missing))}"] if missing else []) + (
            [f"unknown entries {', '.join(map(repr, unknown))}"] if unknown else []
        )
        raise InvalidArguments(
            f"{where}: the state does not fit program {program.program_id!r} ({program.kind}): {'; '.join(problems)}; "
            f"its predictors are {', '.join(map(repr, expected))}"
        )
    trial = module.deepcopy()  # type: ignore[attr-defined]
    try:
        trial.load_state(_without_lms({name: state[name] for name in given}))
    except Exception as exc:  # DSPy reports a misfit as KeyError, TypeError, ValueError, ...
        raise InvalidArguments(
            f"{where}: the state does not fit program {program.program_id!r} ({program.kind}): {type(exc).__name__}: {exc}"
        ) from None
    return trial


def _without_lms(state: dict[str, object]) -> dict[str, object]:
    """The state with each predictor's `lm` entry emptied: a program runs on its scope's LM, and an LM's
    state may hold its API key. A Predict's state is its predictor's; a composed module's maps predictor names
    to theirs."""
    if "lm" in state and "signature" in state:
        return {**state, "lm": None}
    return {name: ({**entry, "lm": None} if isinstance(entry, dict) and "lm" in entry else entry) for name, entry in state.items()}


def _info(program: Program) -> dict[str, object]:
    return program.info(program.kind in REASONING_KINDS)


def _nullable(command: str, name: str, value: object, kinds: tuple[type, ...], expected: str) -> None:
    # Exact types, as take_args checks them: JSON's true is not an integer.
    if value is not None and type(value) not in kinds:
        raise InvalidArguments(f"{command}: argument {name!r} expected {expected} or null, got {describe_value(value)}")


def _not_empty(command: str, name: str, value: str) -> None:
    if not value:
        raise InvalidArguments(f"{command}: argument {name!r} must not be empty")
