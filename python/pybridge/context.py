"""What a command sees of its request and of the worker serving it: the request context."""

from __future__ import annotations

from .capture import Capture

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Protocol

    from .protocol import Ref, Request

    class Host(Protocol):
        """The services of the worker that a request context passes on (the worker implements them)."""

        threads: int
        worker_id: str

        def namespace(self, session: str | None) -> dict[str, object]: ...

        def close_session(self, session: str | None) -> bool: ...

        def session_state(self, session: str | None, key: str, create: Callable[[], object]) -> object: ...

        def worker_state(self, key: str, create: Callable[[], object]) -> object: ...

        def add_secret(self, secret: str) -> None: ...

        def redact(self, value: object) -> object: ...

        def start_capture(self, ctx: RequestContext) -> Capture: ...

        def enter_user_code(self, ctx: RequestContext) -> None: ...

        def cancel(self, target_id: int) -> bool: ...

        def counters(self, asking: RequestContext) -> dict[str, int]: ...

        def uptime_s(self) -> float: ...


# A request's phases; only its own thread and `cancel` change them, both under the worker's lock.
QUEUED = "queued"
RUNNING = "running"
FINISHING = "finishing"
CANCELLED = "cancelled"


class RequestContext:
    """One request as it goes through the worker. A command reads its id, name, arguments and
    session, and asks the context (never the worker) for what it needs: the session's namespace
    and state, output capture, the start of user code, and a few facts about the worker."""

    __slots__ = (
        "_host",
        "id",
        "command",
        "args",
        "session",
        "refs",
        "inline",
        "phase",
        "thread_id",
        "cancellable",
        "cancel_requested",
        "injected",
        "capture",
        "script_files",
        "exit_code",
    )

    def __init__(self, host: Host, request: Request, inline: bool) -> None:
        self._host = host
        self.id = request.id
        self.command = request.command
        self.args = request.args
        self.session = request.session
        self.refs: list[Ref] = request.refs
        self.inline = inline
        self.phase = QUEUED
        self.thread_id = 0
        self.cancellable = False  # running user code: a cancel may raise Cancelled in its thread
        self.cancel_requested = False
        self.injected = False
        self.capture: Capture | None = None
        # The files whose frames place an error (PROTOCOL.md, script commands); empty: the usual rule.
        self.script_files: frozenset[str] = frozenset()
        self.exit_code: int | None = None

    def namespace(self) -> dict[str, object]:
        """The session's namespace (the default one without a session), created on first use."""
        return self._host.namespace(self.session)

    def close_session(self) -> bool:
        return self._host.close_session(self.session)

    def session_state(self, key: str, create: Callable[[], object]) -> object:
        """What the command family `key` keeps for the session, created on first use; freed with the session."""
        return self._host.session_state(self.session, key, create)

    def worker_state(self, key: str, create: Callable[[], object]) -> object:
        """What the command family `key` keeps for the worker's life (all sessions), created on first use."""
        return self._host.worker_state(key, create)

    def add_secret(self, secret: str) -> None:
        """From now on the worker writes `***` for `secret` in error replies and in what user code prints."""
        self._host.add_secret(secret)

    def redact(self, value: object) -> object:
        """`value` (plain JSON data) with every registered secret masked, for results that may echo one."""
        return self._host.redact(value)

    def capture_output(self) -> None:
        """From now on, what this request prints is returned in its reply."""
        self.capture = self._host.start_capture(self)

    def enter_user_code(self) -> None:
        """Marks the start of user code, which a `cancel` may interrupt from here on."""
        self._host.enter_user_code(self)

    def exit_after_reply(self, code: int) -> None:
        self.exit_code = code

    def cancel(self, target_id: int) -> bool:
        """Cancels another request of this worker; true when it will be answered Cancelled."""
        return self._host.cancel(target_id)

    def counters(self) -> dict[str, int]:
        """The worker's request counters; this request is not counted as in flight."""
        return self._host.counters(self)

    def uptime_s(self) -> float:
        return self._host.uptime_s()

    @property
    def worker_id(self) -> str:
        """The name the JVM gave this worker (--worker-id)."""
        return self._host.worker_id

    @property
    def threads(self) -> int:
        """How many requests the worker runs at once."""
        return self._host.threads
