"""The tyre-quality training loop: data, model, Adam, per-step and per-epoch metrics, evaluation
on the held-out split each epoch, then the exports. Uses only PyTorch 1.13-era APIs."""
from __future__ import annotations

import json
import os
import time
from typing import Any, Dict, List, Tuple

import torch
from PIL import Image
from torch import nn
from torch.utils.data import DataLoader, Dataset, random_split
from torchvision import transforms

from .. import log_artifact, log_metric, progress
from .._runtime import RunError
from .._sink import emit
from .export import export_models
from .reports import evaluation_of, write_confusion_png

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


class ManifestImages(Dataset):
    """The manifest's images as (normalised tensor, label index)."""

    def __init__(self, data_dir: str, files: List[Dict[str, str]], labels: List[str], image_size: int) -> None:
        self.data_dir = data_dir
        self.files = files
        self.index = {label: i for i, label in enumerate(labels)}
        self.transform = transforms.Compose(
            [
                transforms.Resize((image_size, image_size), interpolation=transforms.InterpolationMode.BILINEAR),
                transforms.ToTensor(),
                transforms.Normalize(MEAN, STD),
            ]
        )

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, i: int) -> Tuple[torch.Tensor, int]:
        entry = self.files[i]
        path = os.path.join(self.data_dir, entry["path"])
        try:
            with Image.open(path) as image:
                tensor = self.transform(image.convert("RGB"))
        except OSError as exc:
            raise RunError(f"cannot read image {entry['path']}: {exc}") from None
        return tensor, self.index[entry["label"]]


def build_model(image_size: int, classes: int) -> nn.Module:
    """Three unpadded 3x3 convolutions (3->32->32->64, ReLU), flatten, one linear layer."""
    side = image_size - 6
    return nn.Sequential(
        nn.Conv2d(3, 32, 3),
        nn.ReLU(),
        nn.Conv2d(32, 32, 3),
        nn.ReLU(),
        nn.Conv2d(32, 64, 3),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(64 * side * side, classes),
    )


def _loader(subset: Any, params: Dict[str, Any], device: str, shuffle: bool) -> DataLoader:
    options: Dict[str, Any] = {
        "batch_size": params["batch_size"],
        "shuffle": shuffle,
        "num_workers": params["workers"],
        "pin_memory": device.startswith("cuda"),
    }
    if shuffle:
        options["generator"] = torch.Generator().manual_seed(params["seed"])
    return DataLoader(subset, **options)


def _evaluate(model: nn.Module, loader: DataLoader, device: str, classes: int) -> Tuple[List[List[int]], float]:
    confusion = torch.zeros(classes, classes, dtype=torch.long)
    loss_sum, seen = 0.0, 0
    criterion = nn.CrossEntropyLoss(reduction="sum")
    model.eval()
    with torch.no_grad():
        for images, targets in loader:
            images, targets = images.to(device, non_blocking=True), targets.to(device, non_blocking=True)
            logits = model(images)
            loss_sum += criterion(logits, targets).item()
            seen += targets.numel()
            pairs = targets.cpu() * classes + logits.argmax(1).cpu()
            confusion += torch.bincount(pairs, minlength=classes * classes).view(classes, classes)
    return confusion.tolist(), loss_sum / max(seen, 1)


def _write_json(path: str, value: Any) -> str:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, indent=1)
    return path


def train(
    params: Dict[str, Any], labels: List[str], files: List[Dict[str, str]], data_dir: str, out_dir: str, device: str
) -> None:
    """Runs the recipe end to end and reports metrics, artifacts and the evaluation."""
    torch.manual_seed(params["seed"])
    dataset = ManifestImages(data_dir, files, labels, params["image_size"])
    lengths = [params["train_size"], params["test_size"]]
    if sum(lengths) < len(dataset):
        lengths.append(len(dataset) - sum(lengths))  # images beyond train + test stay unused
    parts = random_split(dataset, lengths, generator=torch.Generator().manual_seed(params["seed"]))
    train_set, test_set = parts[0], parts[1]
    split = {
        "labels": labels,
        "seed": params["seed"],
        "train": [files[i] for i in train_set.indices],
        "test": [files[i] for i in test_set.indices],
    }
    log_artifact(_write_json(os.path.join(out_dir, "split.json"), split), kind="split")

    classes = len(labels)
    model = build_model(params["image_size"], classes).to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=params["lr"])
    train_loader = _loader(train_set, params, device, shuffle=True)
    test_loader = _loader(test_set, params, device, shuffle=False)
    epochs, steps_per_epoch = params["epochs"], len(train_loader)
    total_steps, step = epochs * steps_per_epoch, 0
    confusion: List[List[int]] = []

    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        model.train()
        loss_sum, correct, seen = 0.0, 0, 0
        progress(step, total_steps, "steps", f"epoch {epoch}/{epochs}")
        for images, targets in train_loader:
            images, targets = images.to(device, non_blocking=True), targets.to(device, non_blocking=True)
            optimizer.zero_grad()
            logits = model(images)
            loss = criterion(logits, targets)
            loss.backward()
            optimizer.step()
            step += 1
            value = loss.item()
            loss_sum += value * targets.numel()
            correct += int((logits.argmax(1) == targets).sum().item())
            seen += targets.numel()
            log_metric("train/loss", value, step)
            progress(step, total_steps, "steps", f"epoch {epoch}/{epochs}")
        train_s = time.perf_counter() - started
        log_metric("train/epoch_loss", loss_sum / max(seen, 1), epoch)
        log_metric("train/accuracy", correct / max(seen, 1), epoch)
        log_metric("train/images_per_s", seen / max(train_s, 1e-9), epoch)
        if device.startswith("cuda"):
            log_metric("system/gpu_memory_max_mib", torch.cuda.max_memory_allocated() / 2**20, epoch)

        confusion, test_loss = _evaluate(model, test_loader, device, classes)
        evaluation = evaluation_of(labels, confusion)
        log_metric("test/loss", test_loss, epoch)
        log_metric("test/accuracy", evaluation["accuracy"], epoch)
        log_metric("time/epoch_s", time.perf_counter() - started, epoch)

    emit("evaluation", **evaluation_of(labels, confusion))
    png = os.path.join(out_dir, "confusion_matrix.png")
    write_confusion_png(png, labels, confusion, title=f"Test split, epoch {epochs}")
    log_artifact(png, kind="confusion-matrix")

    progress(total_steps, total_steps, "steps", "exporting TorchScript and ONNX")
    torchscript, onnx = export_models(model, params["image_size"], out_dir)
    log_artifact(torchscript, kind="model-torchscript")
    log_artifact(onnx, kind="model-onnx")
    meta = {
        "labels": labels,
        "imageSize": params["image_size"],
        "mean": list(MEAN),
        "std": list(STD),
        "input": "input",
        "output": "logits",
    }
    log_artifact(_write_json(os.path.join(out_dir, "labels.json"), meta))
