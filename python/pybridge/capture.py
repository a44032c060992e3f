"""Where user code's output goes: the capture of a request that asked for one, else the real stderr."""

from __future__ import annotations

import io
import threading

from .protocol import clean_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from .redaction import Redactor

# The most bytes the note on dropped captured text takes in a reply.
_NOTE_BYTES = 80
# The most bytes one character of cleaned text takes in the JSON of a reply (a control character as \u001f).
_MAX_BYTES_PER_CHAR = 6


class _CapturedText:
    """What one request wrote to one stream; only the last `limit` characters are kept,
    since a reply cannot carry more, so that a runaway loop cannot exhaust memory."""

    __slots__ = ("_parts", "_size", "_dropped", "_limit")

    def __init__(self, limit: int) -> None:
        self._parts: list[str] = []
        self._size = 0
        self._dropped = 0
        self._limit = limit

    def add(self, text: str) -> None:
        self._parts.append(text)
        self._size += len(text)
        if self._size > 2 * self._limit:
            joined = "".join(self._parts)
            self._dropped += len(joined) - self._limit
            self._parts = [joined[-self._limit :]]
            self._size = self._limit

    def text(self, room_bytes: int | None = None) -> str:
        """What was written; when `room_bytes` is given, cut at the front to fit in that much of a reply."""
        kept = clean_text("".join(self._parts))
        dropped = self._dropped
        if room_bytes is not None and len(kept) * _MAX_BYTES_PER_CHAR > room_bytes:
            keep = max(0, (room_bytes - _NOTE_BYTES) // _MAX_BYTES_PER_CHAR)
            dropped += len(kept) - keep
            kept = kept[len(kept) - keep :]
        if dropped:
            return f"[pybridge: the first {dropped} characters were dropped]\n{kept}"
        return kept


class Capture:
    """The output of one request that asked for capture."""

    __slots__ = ("stdout", "stderr")

    def __init__(self, limit: int) -> None:
        self.stdout = _CapturedText(limit)
        self.stderr = _CapturedText(limit)

    def texts(self, room_bytes: int | None = None) -> dict[str, str]:
        """Both texts; with `room_bytes`, each cut to fit in half of it."""
        half = room_bytes // 2 if room_bytes is not None else None
        return {"stdout": self.stdout.text(half), "stderr": self.stderr.text(half)}


class Route(threading.local):
    """Per thread: the capture of the request running on it, if that request asked for one."""

    capture: Capture | None = None


class RoutedStream(io.TextIOBase):
    """Stands in for sys.stdout or sys.stderr: a capturing request's writes go to its
    capture; all other writes go to the real stderr, never to the frame stream. Registered
    secrets are masked either way."""

    def __init__(self, channel: str, route: Route, stderr: TextIO, fd: int, redactor: Redactor) -> None:
        super().__init__()
        self._channel = channel
        self._route = route
        self._stderr = stderr
        self._fd = fd
        self._redactor = redactor

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        written = len(text)
        text = self._redactor.scrub(text)
        capture = self._route.capture
        if capture is None:
            self._stderr.write(text)
        else:
            getattr(capture, self._channel).add(text)
        return written

    def flush(self) -> None:
        if self._route.capture is None:
            self._stderr.flush()

    def close(self) -> None:
        """Does nothing: the worker owns these streams, and user code closing one must not break the next request."""

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return self._stderr.isatty()

    @property
    def encoding(self) -> str:
        return self._stderr.encoding

    @property
    def errors(self) -> str | None:
        return self._stderr.errors

    @property
    def buffer(self) -> object:
        return self._stderr.buffer
