"""Facts about the worker process for `ping`, `stats` and the ready frame."""

from __future__ import annotations

import os
import sys


def python_version() -> str:
    return "{}.{}.{}".format(*sys.version_info[:3])


def platform_name() -> str:
    """Such as "linux x86_64": the operating system and the machine."""
    try:
        return f"{sys.platform} {os.uname().machine}"
    except AttributeError:
        return sys.platform  # no uname on Windows


def rss_bytes() -> int | None:
    """The resident set size now, or the peak where /proc is missing; None when neither is known."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            resident_pages = int(statm.read().split()[1])
        return resident_pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is in bytes on macOS and in KiB on Linux and the BSDs.
    return peak if sys.platform == "darwin" else peak * 1024
