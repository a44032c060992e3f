"""The worker's process group: what user code starts joins it, and it ends with the worker.

The JVM kills the group when it sees the worker end; these cover the case where the JVM is gone
first (killed with SIGKILL), so that no child of user code outlives both. A process that should
outlive the worker must leave the group on purpose (`subprocess.Popen(..., start_new_session=True)`).
"""

from __future__ import annotations

import os
import signal
import sys
import threading

# Kills and rescans until a scan finds nobody (a process killed a moment ago may not show as ended yet), within bounds.
_MOST_PASSES = 20
# Set once the worker ends: from then on no thread of it may fork (multiprocessing.Pool replaces killed workers).
_ending = threading.Event()


def lead() -> None:
    """Makes this process lead a process group of its own, which every process it starts joins."""
    try:
        os.setpgid(0, 0)
    except OSError:
        pass  # a session leader already leads its group, and its children join that
    os.register_at_fork(before=_hold_fork_while_ending)


def _hold_fork_while_ending() -> None:
    if _ending.is_set():
        threading.Event().wait()  # never returns: the process is about to exit, and must start nobody now


def end_others() -> None:
    """Kills every other process of the group this process leads (what user code left running).

    Does nothing unless this process leads its group: the group of the process that started it
    (the JVM's, a shell's) is never signalled."""
    me = os.getpid()
    try:
        if os.getpgid(0) != me:
            return
    except OSError:
        return
    _ending.set()
    if sys.platform.startswith("linux"):
        for _ in range(_MOST_PASSES):
            others = _members(me)
            if not others:
                return
            for pid in others:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass  # already gone
    else:
        # No process table to read: ask the group to terminate, this process excepted.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            os.killpg(me, signal.SIGTERM)
        except OSError:
            pass


def _members(group: int) -> list[int]:
    """The live processes of `group` other than this one, from /proc."""
    me = os.getpid()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                line = stat.read()
        except OSError:
            continue  # ended meanwhile, or not ours to read
        # "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ")".
        fields = line[line.rfind(b")") + 2 :].split()
        if len(fields) > 2 and fields[0] != b"Z" and int(fields[2]) == group:
            found.append(int(entry))
    return found
