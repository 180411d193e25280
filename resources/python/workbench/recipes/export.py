"""Exports a trained image classifier: TorchScript (model.pt) and ONNX (model.onnx, opset 13, input
"input" [N, 3, size, size] with a dynamic batch axis, output "logits")."""
from __future__ import annotations

import copy
import inspect
import os
import warnings
from typing import Any, Dict, Tuple

import torch
from torch import nn


def export_models(model: nn.Module, image_size: int, out_dir: str) -> Tuple[str, str]:
    """Writes model.pt and model.onnx from a CPU copy in eval mode; returns their paths."""
    cpu_model = copy.deepcopy(model).to("cpu").eval()
    example = torch.zeros(2, 3, image_size, image_size)  # batch 2: dynamo would pin a batch of 1 as a constant
    torchscript_path = os.path.join(out_dir, "model.pt")
    onnx_path = os.path.join(out_dir, "model.onnx")
    with torch.no_grad():
        traced = torch.jit.trace(cpu_model, example)
    traced.save(torchscript_path)

    options = {
        "opset_version": 13,
        "input_names": ["input"],
        "output_names": ["logits"],
        "dynamic_axes": {"input": {0: "batch"}, "logits": {0: "batch"}},
    }
    _export_onnx(cpu_model, example, onnx_path, options)
    return torchscript_path, onnx_path


def _export_onnx(model: nn.Module, example: torch.Tensor, path: str, options: Dict[str, Any]) -> None:
    # The TorchScript-based exporter (1.13 onwards) first; PyTorch 2.9+ made the dynamo exporter the default
    # (it needs onnxscript), so ask for the old one explicitly and fall back to dynamo only if it is gone.
    takes_dynamo = "dynamo" in inspect.signature(torch.onnx.export).parameters
    attempts = [dict(options, dynamo=False), dict(options, dynamo=True)] if takes_dynamo else [options]
    failures = []
    for attempt in attempts:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the exporters' deprecation notices are noise in the run's log
                with torch.no_grad():
                    torch.onnx.export(model, (example,), path, **attempt)
            return
        except Exception as exc:  # each exporter fails in its own way (missing onnxscript, removed API)
            failures.append(f"{type(exc).__name__}: {exc}")
    raise RuntimeError(f"PyTorch {torch.__version__} could not export the model to ONNX: " + " / ".join(failures))
