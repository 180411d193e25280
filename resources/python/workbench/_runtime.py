"""What the runner needs to know about this Python: versions, GPUs, and which device a run gets."""
from __future__ import annotations

import platform
from typing import Any, Dict, List, Optional, Tuple

TORCH_INSTALL_HINT = (
    "install PyTorch in this Python: pip install torch torchvision "
    "(Debian/Ubuntu: sudo apt-get install python3-torch python3-torchvision), or choose another Python environment"
)


class RunError(Exception):
    """A problem the user can fix (a parameter, the data, the device): reported with its message, no traceback needed."""


def import_torch() -> Tuple[Optional[Any], Optional[str]]:
    """(torch, None), or (None, why it cannot be imported)."""
    try:
        import torch

        return torch, None
    except Exception as exc:  # ImportError, or a broken CUDA install raising at import
        return None, f"{type(exc).__name__}: {exc}"


def resolve_device(requested: str, torch: Optional[Any]) -> str:
    """The device a run uses: "cuda:0" when CUDA is usable and requested is auto/cuda, else "cpu"."""
    if requested not in ("auto", "cpu", "cuda"):
        raise RunError(f"device must be 'auto', 'cpu' or 'cuda', got {requested!r}")
    if requested == "cpu":
        return "cpu"
    if torch is None:
        if requested == "cuda":
            raise RunError(f"device 'cuda' was requested but PyTorch is not installed: {TORCH_INSTALL_HINT}")
        return "cpu"
    if torch.cuda.is_available():
        return "cuda:0"
    if requested == "cuda":
        build = f"CUDA {torch.version.cuda}" if torch.version.cuda else "a CPU-only build"
        raise RunError(
            f"device 'cuda' was requested but PyTorch {torch.__version__} ({build}) sees no CUDA GPU. "
            "Choose device 'auto' or 'cpu', or install a CUDA build of PyTorch "
            "(https://pytorch.org/get-started/locally/) and check nvidia-smi shows the GPU"
        )
    return "cpu"


def gpus(torch: Optional[Any]) -> List[Dict[str, Any]]:
    """The CUDA GPUs PyTorch sees, with their memory in MiB."""
    if torch is None or not torch.cuda.is_available():
        return []
    found = []
    for index in range(torch.cuda.device_count()):
        props = torch.cuda.get_device_properties(index)
        found.append({"index": index, "name": props.name, "memoryMiB": int(props.total_memory // (1024 * 1024))})
    return found


def env_event(torch: Optional[Any], device: Optional[str]) -> Dict[str, Any]:
    """The fields of the "env" event."""
    torchvision_version = None
    if torch is not None:
        try:
            import torchvision

            torchvision_version = torchvision.__version__
        except Exception:  # torchvision is optional for scripts
            pass
    cuda = torch.version.cuda if torch is not None and torch.cuda.is_available() else None
    return {
        "python": platform.python_version(),
        "torch": torch.__version__ if torch is not None else None,
        "torchvision": torchvision_version,
        "cuda": cuda,
        "device": device,
        "gpus": gpus(torch),
    }
