"""Runs a step program in a forked copy of the test process, as `python3 -S -B <program> <args>`
would run it, for a fraction of the cost: a new interpreter spends about 0.1 s of CPU starting and
importing http.client and urllib, which this process has already imported.

The child gets its own stdout and stderr (pipes the parent reads), environment, working folder,
argv, sys.path (the program's folder first, as for a script) and default signal handlers; it runs
the program as __main__ and leaves with the exit code an interpreter would give: SystemExit's code,
1 after an uncaught exception (its traceback on stderr). Nothing the program imports (common.py) is
loaded in the parent, so each run imports it afresh under its own environment. The cases that test
signals, and the embedded form (python3 -c, as Vertex AI runs it), start a real interpreter.
Where it differs from a new interpreter the steps do not go (their imports are checked): atexit
handlers and non-daemon threads do not run, KeyboardInterrupt exits 1, PYTHON* variables are not
read, and a traceback carries one more frame (this file's)."""

import builtins
import http.client  # noqa: F401  (loaded here so that a forked step finds them loaded)
import io
import os
import selectors
import signal
import subprocess
import sys
import time
import traceback
import urllib.error  # noqa: F401
import urllib.parse  # noqa: F401
import urllib.request  # noqa: F401
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
# The warning filters as python3 starts with them: unittest's runner widens them later, and a forked
# child would show warnings (on stderr) that a new interpreter hides.
_START_FILTERS = warnings.filters[:]


def _child(program, argv, env, cwd, out_w, err_w):
    """In the forked child: becomes the program's process, runs it, and never returns."""
    code = 1
    try:
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.close(out_w)
        os.close(err_w)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8",
                                      errors="backslashreplace", line_buffering=True)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        sys.dont_write_bytecode = True
        warnings.filters[:] = _START_FILTERS
        sys.modules.pop("common", None)  # each run imports it afresh, under its own environment
        sys.argv = [program] + list(argv)
        sys.path[:] = [os.path.dirname(program)] + [p for p in sys.path if p not in ("", HERE)]
        with open(program, encoding="utf-8") as f:
            source = f.read()
        main = {"__name__": "__main__", "__file__": program, "__builtins__": builtins}
        exec(compile(source, program, "exec"), main)
        code = 0
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            code = e.code or 0
        else:
            print(e.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def run(program, argv, env, cwd, timeout=60):
    """subprocess.run([python3, program, *argv], env=env, cwd=cwd, capture_output=True, text=True,
    timeout=timeout), in a forked child."""
    args = [sys.executable, "-S", "-B", program] + list(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(out_r)
        os.close(err_r)
        _child(program, argv, env, cwd, out_w, err_w)
    os.close(out_w)
    os.close(err_w)
    chunks = {out_r: [], err_r: []}
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as sel:
        for fd in chunks:
            sel.register(fd, selectors.EVENT_READ)
        while sel.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                for key in list(sel.get_map().values()):
                    os.close(key.fd)
                raise subprocess.TimeoutExpired(args, timeout)
            for key, _ in sel.select(left):
                data = os.read(key.fd, 65536)
                if data:
                    chunks[key.fd].append(data)
                else:
                    sel.unregister(key.fd)
                    os.close(key.fd)
    # The pipes closed; the child may still run (it closed them itself): wait, up to the deadline.
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise subprocess.TimeoutExpired(args, timeout)
        time.sleep(0.002)

    def text(fd):  # as text=True reads it: UTF-8 here, universal newlines
        return b"".join(chunks[fd]).decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")

    return subprocess.CompletedProcess(args, os.waitstatus_to_exitcode(status), text(out_r), text(err_r))
