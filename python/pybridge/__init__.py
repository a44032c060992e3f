"""PyBridge's Python worker, started by the JVM as `python3 -m pybridge`.

The wire protocol it speaks is described in PROTOCOL.md beside this package.
"""
