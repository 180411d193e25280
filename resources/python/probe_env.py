"""Prints one JSON line describing this Python for training: versions of Python, PyTorch and
torchvision, and whether CUDA works. Never raises: a missing package is reported as null."""
import json
import platform
import sys

info = {
    "version": platform.python_version(),
    "torch": None,
    "torchvision": None,
    "cuda_available": False,
    "cuda_version": None,
    "torch_error": None,
}
try:
    import torch

    info["torch"] = torch.__version__
    info["cuda_version"] = torch.version.cuda
    info["cuda_available"] = bool(torch.cuda.is_available())
except Exception as exc:  # ImportError, or a broken CUDA install raising at import
    info["torch_error"] = f"{type(exc).__name__}: {exc}"
try:
    import torchvision

    info["torchvision"] = torchvision.__version__
except Exception:
    pass
sys.stdout.write(json.dumps(info) + "\n")
