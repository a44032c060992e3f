"""Byte-compiles the unpacked worker once per interpreter version, where Python would not.

Where PYTHONDONTWRITEBYTECODE is set (many container images set it), Python never caches the
worker's bytecode and compiles its modules from source at every start. After the worker is ready,
a background thread compiles them into the worker's own content-addressed folder, once; user code
keeps the setting.
"""

from __future__ import annotations

import os
import sys
import threading

# The JVM writes this marker when it has unpacked the folder: a checkout of the sources has none,
# and is never written to.
UNPACKED_MARKER = ".complete"


def compile_later(folder: str, version: str) -> None:
    """Compiles `folder` (the one holding the pybridge package) in the background, unless not needed."""
    if not sys.dont_write_bytecode or not os.path.exists(os.path.join(folder, UNPACKED_MARKER)):
        return
    marker = os.path.join(folder, f".compiled-{version}")
    if os.path.exists(marker):
        return
    threading.Thread(target=_compile, args=(folder, marker), name="pybridge-bytecode", daemon=True).start()


def _compile(folder: str, marker: str) -> None:
    import compileall

    try:
        if compileall.compile_dir(os.path.join(folder, "pybridge"), quiet=2):
            with open(marker, "x"):
                pass
    except OSError:
        pass  # a read-only or vanished folder costs start-up time only
