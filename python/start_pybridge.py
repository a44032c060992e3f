# Starts a PyBridge worker: `python start_pybridge.py [options]` (PROTOCOL.md, "Start-up").
#
# Run as a script, not with `python -m pybridge`: -m puts the working directory first on the import
# path, where a file named like the worker's package would replace it. A script puts its own folder
# first, which holds the package. This file must parse on any Python, so that an old one says so.
import sys

MINIMUM_VERSION = (3, 9)
EXIT_TOO_OLD = 6


def _too_old():
    version = "%d.%d.%d" % tuple(sys.version_info[:3])
    sys.stderr.write("pybridge: Python %s is too old: PyBridge needs Python %d.%d or newer\n"
                     % ((version,) + MINIMUM_VERSION))
    sys.stderr.flush()
    sys.exit(EXIT_TOO_OLD)


if __name__ == "__main__":
    if tuple(sys.version_info[:2]) < MINIMUM_VERSION:
        _too_old()
    from pybridge.__main__ import start

    start(sys.argv[1:])
