"""A preload module after which the fork server's first fork fails, as under memory or process limits."""

import errno
import os

_real_fork = os.fork
_failures = [OSError(errno.ENOMEM, "Cannot allocate memory")]


def _fork_failing_once() -> int:
    if _failures:
        raise _failures.pop()
    return _real_fork()


os.fork = _fork_failing_once
