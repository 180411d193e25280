"""Where events go: one JSON object per line, to the pipe the app gave (WORKBENCH_EVENTS_FD) or,
without the app, appended to events.jsonl in the current directory. Thread-safe; each line is
written with as few os.write calls as possible and never interleaves with another."""
from __future__ import annotations

import json
import math
import os
import sys
import threading
import time
from typing import Any, Optional

EVENTS_FD_ENV = "WORKBENCH_EVENTS_FD"
EVENTS_FILE = "events.jsonl"

_lock = threading.Lock()
_fd: Optional[int] = None
_owns_fd = False
_warned = False


def _reinit_after_fork() -> None:
    # A DataLoader worker forked while another thread held the lock would deadlock on its first event.
    global _lock
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reinit_after_fork)


def _warn(message: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        sys.stderr.write(f"workbench: {message}\n")


def _open_file() -> int:
    global _owns_fd
    _owns_fd = True
    return os.open(os.path.abspath(EVENTS_FILE), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)


def _target() -> int:
    global _fd
    if _fd is None:
        raw = os.environ.get(EVENTS_FD_ENV, "").strip()
        if raw:
            try:
                _fd = int(raw)
                os.fstat(_fd)
            except (ValueError, OSError):
                _warn(f"{EVENTS_FD_ENV}={raw!r} is not an open file descriptor; writing events to {EVENTS_FILE}")
                _fd = _open_file()
        else:
            _fd = _open_file()
    return _fd


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def clean(value: Any) -> Any:
    """JSON-safe copy: NaN and infinities become strings (JSON has no such numbers), unknown objects their str()."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy and torch scalars
        try:
            return clean(value.item())
        except (TypeError, ValueError, RuntimeError):
            pass
    return str(value)


def emit(event_type: str, **fields: Any) -> None:
    """Sends one event: {"type": event_type, "time": <unix seconds>, **fields}."""
    global _fd
    event = {"type": event_type, "time": time.time()}
    event.update(clean(fields))
    line = (json.dumps(event, allow_nan=False, separators=(",", ":")) + "\n").encode("utf-8")
    with _lock:
        fd = _target()
        try:
            _write_all(fd, line)
        except OSError as exc:
            if _owns_fd:
                raise
            # The app went away (broken pipe): keep the run's record on disk rather than lose it.
            _warn(f"cannot write events to fd {fd} ({exc}); writing them to {EVENTS_FILE}")
            _fd = _open_file()
            _write_all(_fd, line)
