"""Stopping a run on SIGTERM (and SIGINT) promptly, even while PyTorch is inside one long C++ call.

Python runs signal handlers only between bytecodes of the main thread, which can be seconds away
during a backward pass on a CPU. The C-level handler also writes the signal number to a wakeup fd;
a watcher thread blocked on that pipe reacts at once: it reports the run cancelled, stops the
DataLoader workers (every multiprocessing child) and exits 143 (128 + SIGTERM)."""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from typing import Optional

from ._sink import emit

_state_lock = threading.Lock()
_cancel_lock = threading.Lock()  # held until exit: a second signal waits instead of exiting before the event is out
_finished = False
_requested: Optional[int] = None  # the signal that asked for the cancel, set before anything else runs
_main_pid = os.getpid()


def _stop_children() -> None:
    children = multiprocessing.active_children()
    for child in children:
        try:
            child.terminate()
        except (OSError, AttributeError):
            pass
    for child in children:
        child.join(timeout=2)
        if child.is_alive():
            try:
                child.kill()
                child.join(timeout=1)
            except (OSError, AttributeError):
                pass


def _flush_logs() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass


def requested() -> Optional[int]:
    """The signal number when a cancel was asked for (the run's end is then "cancelled", whatever it raised)."""
    return _requested


def cancel_now(signum: int) -> None:
    """Reports the run cancelled, stops the DataLoader workers and exits 128 + signum; never returns."""
    _cancel(signum)


def _cancel(signum: int) -> None:
    global _finished, _requested
    _requested = _requested or signum
    _cancel_lock.acquire()
    with _state_lock:
        already = _finished
        _finished = True
    if not already:
        try:
            emit("status", status="cancelled", signal=signal.Signals(signum).name)
        except OSError:
            pass
    if signum == signal.SIGHUP and os.getpgrp() == os.getpid():
        # The app died (see _cancel_when_parent_dies): nobody else will stop the rest of the run's
        # process group, such as a script's own child processes.
        _terminate_group()
    try:
        _stop_children()
    finally:
        _flush_logs()
        os._exit(128 + signum)


def _terminate_group() -> None:
    # This thread holds the cancel lock, so the SIGTERM this also sends to the runner itself only
    # queues a second cancel that never runs.
    try:
        os.killpg(os.getpid(), signal.SIGTERM)
    except OSError:
        pass


def mark_finished() -> bool:
    """Called before the final status event; False when a cancel already reported the run's end."""
    global _finished
    with _state_lock:
        if _finished:
            return False
        _finished = True
        return True


def _reset_in_child() -> None:
    # Forked DataLoader workers must not report a cancel or wake the parent's watcher: plain default handling.
    if os.getpid() == _main_pid:
        return
    try:
        signal.set_wakeup_fd(-1)
    except (ValueError, OSError):
        pass
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        try:
            signal.signal(signum, signal.SIG_DFL)
        except (ValueError, OSError):
            pass


def _request(signum: int) -> None:
    global _requested
    _requested = _requested or signum
    # On a thread of its own: the main thread may hold the events lock it was interrupted in.
    threading.Thread(target=_cancel, args=(signum,), daemon=True).start()


def _cancel_when_parent_dies() -> None:
    # The app starts the runner in a process group of its own (so cancel can stop the whole tree);
    # if the app is killed outright, Linux sends the runner SIGTERM instead of leaving it training alone.
    if not sys.platform.startswith("linux") or not os.environ.get("WORKBENCH_EVENTS_FD"):
        return
    try:
        import ctypes

        # SIGHUP, not SIGTERM: it marks this cancel as the app's death (the parent pid has not changed yet
        # when the signal arrives), so the rest of the process group is stopped too.
        signal.signal(signal.SIGHUP, lambda s, _f: _request(s))
        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGHUP))
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the app died before the line above: nobody will read the events
        _request(int(signal.SIGHUP))


def install() -> None:
    """Installs the SIGTERM/SIGINT handling; call once from the main thread at start-up."""
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_reset_in_child)
    # The Python-level handler marks the cancel before any other handler of the same moment runs (SIGCHLD
    # from workers killed by the same group-wide SIGTERM makes the main thread raise); it is also the
    # fallback when something (asyncio) takes the wakeup fd over.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda s, _f: _request(s))
    _cancel_when_parent_dies()
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    try:
        signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    except (ValueError, OSError):  # not the main thread: the handler still runs, only later
        os.close(read_fd)
        os.close(write_fd)
        return

    def watch() -> None:
        wanted = {int(signal.SIGTERM), int(signal.SIGINT), int(signal.SIGHUP)}
        while True:
            try:
                data = os.read(read_fd, 64)
            except InterruptedError:
                continue
            except OSError:
                return
            for signum in data:
                if signum in wanted:
                    _cancel(signum)

    threading.Thread(target=watch, name="workbench-cancel", daemon=True).start()
