"""Secrets the worker must never write: whatever a command registers (an API key) is replaced by `***` in
error replies, in what user code prints (to stderr or into a capture), and in results a command scrubs."""

from __future__ import annotations

import threading

MASK = "***"


class Redactor:
    """The secrets registered so far, and their removal from text. Secrets stay registered for the
    worker's life: work started with an old secret may still be running when it is replaced."""

    __slots__ = ("_secrets", "_lock")

    def __init__(self) -> None:
        # Longest first, so that a secret containing another is masked whole; replaced, never mutated,
        # so that readers need no lock.
        self._secrets: tuple[str, ...] = ()
        self._lock = threading.Lock()

    def add(self, secret: str) -> None:
        if not secret:
            return
        with self._lock:
            if secret not in self._secrets:
                self._secrets = tuple(sorted((*self._secrets, secret), key=len, reverse=True))

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    def scrub_value(self, value: object) -> object:
        """`value` (plain JSON data) with every string scrubbed, map keys included."""
        if not self._secrets:
            return value
        if isinstance(value, str):
            return self.scrub(value)
        if isinstance(value, (list, tuple)):
            return [self.scrub_value(item) for item in value]
        if isinstance(value, dict):
            return {self.scrub(key) if isinstance(key, str) else key: self.scrub_value(item) for key, item in value.items()}
        return value

    def __repr__(self) -> str:
        return f"<Redactor of {len(self._secrets)} secret(s)>"
