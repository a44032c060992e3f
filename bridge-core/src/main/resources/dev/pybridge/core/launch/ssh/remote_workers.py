# Run on a worker host by PyBridge's ssh launcher as `python3 - MODE ARGS...`, with this script on stdin: finds and
# kills PyBridge workers there through /proc (Linux). Standard library only; parses on any Python 3.
#
#   kill PID RUN_ID WORKER_ID   kills that worker and its process group, if PID still is that worker
#   list RUN_HOST OWN_RUN_ID    prints "PID RUN_ID" for each worker of RUN_HOST, of another run, whose ssh session
#                               has ended (its parent is no longer sshd)
#   reap RUN_HOST PID RUN_ID... kills each such worker, if it still is one
import os
import signal
import sys


def processes():
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % name, "rb") as f:
                args = f.read().decode("utf-8", "replace").split("\0")
            with open("/proc/%s/stat" % name) as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        yield int(name), int(fields[1]), int(fields[2]), args


def option(args, name):
    if name in args and args.index(name) + 1 < len(args):
        return args[args.index(name) + 1]
    return None


def session_alive(ppid):
    # The worker was exec'd by the shell that sshd started for its session: while that session lasts, sshd (or
    # sshd-session) is its parent; when it ends, the worker is handed to init or a subreaper.
    try:
        with open("/proc/%d/comm" % ppid) as f:
            return f.read().strip().startswith("sshd")
    except OSError:
        return False


def orphans(run_host, own_run_id):
    for pid, ppid, pgid, args in processes():
        run_id = option(args, "--run-id")
        if option(args, "--run-host") == run_host and run_id and run_id != own_run_id and not session_alive(ppid):
            yield pid, pgid, run_id


def kill(pid, pgid):
    if pgid == pid:  # it leads its group, which holds what its user code started
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def main(argv):
    if not os.path.isdir("/proc/self"):
        sys.stderr.write("pybridge: no /proc on this host: its workers cannot be looked for\n")
        return 3
    mode = argv[0]
    if mode == "kill":
        pid, run_id, worker_id = int(argv[1]), argv[2], argv[3]
        for found, ppid, pgid, args in processes():
            if found == pid and option(args, "--run-id") == run_id and option(args, "--worker-id") == worker_id:
                kill(pid, pgid)
    elif mode == "list":
        for pid, pgid, run_id in orphans(argv[1], argv[2]):
            print("%d %s" % (pid, run_id))
    elif mode == "reap":
        wanted = dict(zip(map(int, argv[2::2]), argv[3::2]))
        for pid, pgid, run_id in orphans(argv[1], None):
            if wanted.get(pid) == run_id:
                kill(pid, pgid)
                print("%d %s" % (pid, run_id))
    return 0


sys.exit(main(sys.argv[1:]))
