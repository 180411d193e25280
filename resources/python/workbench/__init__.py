"""The workbench logging SDK: what a training script calls to report to the ONTAP MLOps Workbench.

    import workbench
    workbench.log_params({"lr": 1e-3, "epochs": 2})
    workbench.log_metric("train/loss", loss)          # step auto-increments per key
    workbench.progress(step, total, message="epoch 1/2")
    workbench.log_artifact("model.onnx", kind="model-onnx")

Inside a run the app starts, events go to the app; run on its own, a script appends them to
events.jsonl in the current directory and prints nothing. Thread-safe; imports no torch until
device() is called."""
from __future__ import annotations

import json
import math
import os
import sys
import threading
import time
from typing import Any, Dict, Mapping, Optional

from ._sink import emit

__all__ = [
    "log_metric",
    "log_metrics",
    "log_param",
    "log_params",
    "log_artifact",
    "progress",
    "data_dir",
    "manifest",
    "device",
    "params",
    "ARTIFACT_KINDS",
]

__version__ = "1"

#: The kinds of artifact the app understands; anything else is a plain "file".
ARTIFACT_KINDS = ("model-onnx", "model-torchscript", "confusion-matrix", "split", "file")

SPEC_ENV = "WORKBENCH_SPEC"
DEVICE_ENV = "WORKBENCH_DEVICE"
_PROGRESS_INTERVAL_S = 0.25  # at most 4 progress events a second

_lock = threading.Lock()
_steps: Dict[str, int] = {}
_warned_keys: set = set()
_last_progress = 0.0
_spec: Optional[Dict[str, Any]] = None
_manifest: Optional[Dict[str, Any]] = None


def _param_value(value: Any) -> Any:
    # The app stores strings, numbers and booleans; anything else is kept as its readable text.
    if isinstance(value, bool) or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if hasattr(value, "item") and callable(value.item):
        try:
            return _param_value(value.item())
        except (TypeError, ValueError, RuntimeError):
            pass
    if isinstance(value, (list, tuple, dict)):
        try:
            return json.dumps(value)
        except (TypeError, ValueError):
            pass
    return str(value)


def log_metric(key: str, value: float, step: Optional[int] = None) -> None:
    """Records one value of a metric. step None: one more than this key's last step (0 first)."""
    key = str(key)
    try:
        number = float(value.item() if hasattr(value, "item") else value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"log_metric({key!r}): value must be a number, got {type(value).__name__}") from exc
    with _lock:
        if step is None:
            step = _steps.get(key, -1) + 1
        else:
            step = int(step)
        _steps[key] = max(step, _steps.get(key, -1))
        if not math.isfinite(number):
            # JSON has no NaN; say so once in the log instead of breaking the event stream.
            if key not in _warned_keys:
                _warned_keys.add(key)
                sys.stderr.write(f"workbench: metric {key!r} is {number} at step {step}; non-finite values are not recorded\n")
            return
    emit("metric", key=key, value=number, step=step)


def log_metrics(metrics: Mapping[str, float], step: Optional[int] = None) -> None:
    """Records several metrics at once, each with the same step (or each auto-incremented)."""
    for key, value in metrics.items():
        log_metric(key, value, step)


def log_param(key: str, value: Any) -> None:
    """Records one parameter of the run."""
    emit("params", params={str(key): _param_value(value)})


def log_params(params: Mapping[str, Any]) -> None:
    """Records parameters of the run, as one event."""
    emit("params", params={str(k): _param_value(v) for k, v in params.items()})


def log_artifact(path: str, name: Optional[str] = None, kind: str = "file") -> str:
    """Reports a file the run produced (nothing is copied); returns its absolute path."""
    if kind not in ARTIFACT_KINDS:
        raise ValueError(f"log_artifact: kind must be one of {', '.join(ARTIFACT_KINDS)}, got {kind!r}")
    absolute = os.path.abspath(os.fspath(path))
    if not os.path.isfile(absolute):
        raise FileNotFoundError(f"log_artifact: no file at {absolute}")
    emit("artifact", name=name or os.path.basename(absolute), kind=kind, path=absolute)
    return absolute


def progress(done: float, total: Optional[float], unit: str = "steps", message: Optional[str] = None) -> None:
    """Reports how far the run is. Calls closer than 0.25 s apart are dropped, except the last (done >= total)."""
    global _last_progress
    now = time.monotonic()
    final = total is not None and done >= total
    with _lock:
        if not final and now - _last_progress < _PROGRESS_INTERVAL_S:
            return
        _last_progress = now
    fields: Dict[str, Any] = {"done": done, "total": total, "unit": unit}
    if message is not None:
        fields["message"] = str(message)
    emit("progress", **fields)


def _load_spec() -> Optional[Dict[str, Any]]:
    global _spec
    if _spec is None:
        path = os.environ.get(SPEC_ENV)
        if path and os.path.isfile(path):
            with open(path, "r", encoding="utf-8") as handle:
                _spec = json.load(handle)
    return _spec


def data_dir() -> Optional[str]:
    """The folder holding the run's dataset version (the app's local cache), or None outside the app."""
    spec = _load_spec()
    data = (spec or {}).get("data") or {}
    return data.get("dir")


def manifest() -> Optional[Dict[str, Any]]:
    """The dataset's manifest {"labels": [...], "files": [{"path", "label"}, ...]} (paths relative to
    data_dir()), or None outside the app."""
    global _manifest
    if _manifest is None:
        data = ((_load_spec() or {}).get("data")) or {}
        path = data.get("manifest")
        if path:
            with open(path, "r", encoding="utf-8") as handle:
                _manifest = json.load(handle)
    return _manifest


def params() -> Dict[str, Any]:
    """The parameters the run was started with (the app's start form), {} outside the app."""
    return dict((_load_spec() or {}).get("params") or {})


def device() -> Any:
    """The torch.device the app chose for this run; outside the app, CUDA when available, else CPU."""
    import torch  # only scripts that train need torch

    chosen = os.environ.get(DEVICE_ENV)
    if chosen:
        return torch.device(chosen)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def _configure(spec: Dict[str, Any], spec_path: Optional[str], device_name: Optional[str]) -> None:
    """Used by the runner: the spec and device scripts (and their child processes) see."""
    global _spec, _manifest
    _spec, _manifest = spec, None
    if spec_path:
        os.environ[SPEC_ENV] = os.path.abspath(spec_path)
    if device_name:
        os.environ[DEVICE_ENV] = device_name
