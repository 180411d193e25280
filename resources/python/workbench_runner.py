"""The workbench training runner: the app starts it as
    python3 -u workbench_runner.py --spec spec.json
in the run's directory and reads its events (JSON lines) from the fd in WORKBENCH_EVENTS_FD, or,
without one, from events.jsonl in that directory. It runs a built-in recipe or the user's script.
    python3 workbench_runner.py --describe-recipes
prints the built-in recipes and their parameters as JSON (no torch needed)."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import runpy
import sys
import traceback
from typing import Any, Dict, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import workbench  # noqa: E402  (needs the path above when started by file name)
from workbench import _cancel, recipes  # noqa: E402
from workbench._runtime import TORCH_INSTALL_HINT, RunError, env_event, import_torch, resolve_device  # noqa: E402
from workbench._sink import emit  # noqa: E402


class ScriptExit(Exception):
    """The user's script called sys.exit with a non-zero code."""

    def __init__(self, code: Any) -> None:
        self.code = code if isinstance(code, int) else 1
        text = f"the script exited with code {code}" if isinstance(code, int) else str(code)
        super().__init__(text)


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _message(exc: BaseException) -> str:
    if isinstance(exc, (RunError, ScriptExit)):
        text = str(exc)
    else:
        text = f"{type(exc).__name__}: {exc}"
    marker = "Original Traceback (most recent call last):"
    if marker in text:
        # Raised in a DataLoader worker: the last line of the worker's traceback is the error itself.
        last = [line for line in text.split(marker, 1)[1].splitlines() if line.strip()]
        text = last[-1].strip() if last else text
        text = text.split(": ", 1)[1] if text.startswith("workbench._runtime.RunError: ") else text
    return text


def _user_traceback(exc: BaseException, script: Optional[str]) -> str:
    tb = exc.__traceback__
    if script:
        # Start at the user's file: the runner's and runpy's frames are no help to them.
        frame = tb
        while frame is not None and frame.tb_frame.f_code.co_filename != script:
            frame = frame.tb_next
        tb = frame or tb
    return "".join(traceback.format_exception(type(exc), exc, tb))


def _run_script(code: Dict[str, Any]) -> str:
    path = os.path.abspath(str(code.get("path") or ""))
    if not os.path.isfile(path):
        raise RunError(f"no script at {path}: choose an existing Python file")
    emit("code", script=path, sha256=_sha256(path))
    given = workbench.params()
    if given:
        workbench.log_params(given)  # what the user typed in the start form; the script reads them with workbench.params()
    sys.argv = [path, *[str(a) for a in code.get("args") or []]]
    sys.path.insert(0, os.path.dirname(path))  # as `python3 script.py` would: the script imports its neighbours
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit as exc:
        if exc.code not in (None, 0):
            raise ScriptExit(exc.code) from None
    return path


def _run(spec: Dict[str, Any], spec_path: str) -> Optional[str]:
    """Runs what the spec says; returns the script path for tracebacks (None for recipes)."""
    code = spec.get("code") or {}
    kind = code.get("kind")
    if kind not in ("recipe", "script"):
        raise RunError(f"code.kind must be 'recipe' or 'script', got {kind!r}")
    torch, torch_problem = import_torch()
    device: Optional[str] = None
    try:
        if kind == "recipe" and torch is None:
            raise RunError(f"PyTorch cannot be imported ({torch_problem}): {TORCH_INSTALL_HINT}")
        device = resolve_device(str(spec.get("device") or "auto"), torch)
    finally:
        emit("env", **env_event(torch, device))
    workbench._configure(spec, spec_path, device)
    if kind == "script":
        return _run_script(code)
    recipe = recipes.load(str(code.get("recipe")))
    emit("code", recipe=recipe.ID, version=recipe.VERSION)
    recipe.run(spec, device)
    return None


def main(argv: Optional[list] = None) -> int:
    """Entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(description="Runs a workbench training run described by a spec file.")
    parser.add_argument("--spec", help="the run's spec.json")
    parser.add_argument("--describe-recipes", action="store_true", help="print the built-in recipes as JSON and exit")
    args = parser.parse_args(argv)
    if args.describe_recipes:
        sys.stdout.write(json.dumps(recipes.describe()) + "\n")
        return 0
    if not args.spec:
        parser.error("--spec is required")

    _cancel.install()
    emit("status", status="running")
    script: Optional[str] = None
    try:
        with open(args.spec, "r", encoding="utf-8") as handle:
            spec = json.load(handle)
        code = spec.get("code") or {}
        if code.get("kind") == "script":
            script = os.path.abspath(str(code.get("path") or ""))
        _run(spec, args.spec)
    except BaseException as exc:  # everything a run can end with, SystemExit of the runner included
        if _cancel.requested():
            # Failures caused by the cancel itself (DataLoader workers killed by the same SIGTERM) are not errors.
            _cancel.cancel_now(_cancel.requested())
        trace = _user_traceback(exc, script)
        sys.stderr.write(trace)
        if _cancel.mark_finished():
            emit("error", message=_message(exc), traceback=trace)
            emit("status", status="failed")
        return exc.code if isinstance(exc, ScriptExit) and 0 < exc.code < 256 else 1
    if _cancel.mark_finished():
        emit("status", status="finished")
    return 0


if __name__ == "__main__":
    sys.exit(main())
