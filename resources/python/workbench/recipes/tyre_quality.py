"""The reference workload (MISSION.md §5): a small CNN that tells defective tyres from good ones.
This module holds what the app shows before a run (parameters) and the checks of a run's inputs;
the training itself lives in tyre_quality_training and is imported only when a run starts."""
from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Set, Tuple

from .._runtime import RunError
from . import Param, resolve_params

ID = "tyre-quality"
VERSION = 1
RECIPE_VERSION = VERSION
TITLE = "Tyre quality classifier"
DESCRIPTION = (
    "Classifies images into the dataset's labels (defective / good tyres in the reference data): images resized "
    "to image_size x image_size and normalised with the ImageNet mean and std; three 3x3 convolutions "
    "(3->32->32->64, ReLU) and one linear layer; cross-entropy, Adam. A seeded random split of train_size + "
    "test_size images; evaluated on the test split each epoch; exported to TorchScript and ONNX."
)

REFERENCE_TRAIN, REFERENCE_TEST = 1500, 356

PARAMS = [
    Param("epochs", "int", 2, "Passes over the training split."),
    Param("batch_size", "int", 64, "Images per optimizer step."),
    Param("lr", "float", 0.001, "Adam learning rate."),
    Param("seed", "int", 77, "Seed of the weights, the train/test split and the shuffling: same seed, same run."),
    Param("train_size", "int", REFERENCE_TRAIN, "Images in the training split (scaled down with limit unless given)."),
    Param("test_size", "int", REFERENCE_TEST, "Images held out for evaluation (scaled down with limit unless given)."),
    Param("image_size", "int", 224, "Images are resized to image_size x image_size (the model's input; at least 7)."),
    Param("workers", "int", 2, "Processes decoding images in parallel (DataLoader num_workers; 0 = in the trainer)."),
    Param("limit", "int", 0, "Use only N images (0 = all), the first of each class in turn: quick trial runs."),
]

_MINIMUMS = {"epochs": 1, "batch_size": 1, "image_size": 7, "workers": 0, "limit": 0, "train_size": 1, "test_size": 1}


def load_manifest(data: Dict[str, Any]) -> Tuple[List[str], List[Dict[str, str]]]:
    """The manifest's labels and files, checked: every label known, every file present under data.dir."""
    data_dir, manifest_path = data.get("dir"), data.get("manifest")
    if not data_dir or not manifest_path:
        raise RunError("the run has no data: the spec needs data.dir and data.manifest")
    with open(manifest_path, "r", encoding="utf-8") as handle:
        manifest = json.load(handle)
    labels = [str(label) for label in manifest.get("labels") or []]
    files = [{"path": str(f["path"]), "label": str(f["label"])} for f in manifest.get("files") or []]
    if len(labels) < 2:
        raise RunError(f"the dataset needs at least two labels to classify, the manifest has {labels}")
    unknown = sorted({f["label"] for f in files} - set(labels))
    if unknown:
        raise RunError(f"files labelled {unknown} but the manifest's labels are {labels}")
    missing = [f["path"] for f in files if not os.path.isfile(os.path.join(data_dir, f["path"]))]
    if missing:
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise RunError(f"{len(missing)} images of the manifest are not in {data_dir}: {', '.join(missing[:3])}{more}")
    return labels, files


def _sizes(params: Dict[str, Any], given: Set[str], available: int) -> Tuple[int, int]:
    train, test = params["train_size"], params["test_size"]
    if params["limit"] > 0:
        # A trial run on fewer images keeps the reference 1500:356 proportion unless sizes were chosen.
        if "train_size" not in given and "test_size" not in given:
            train = max(1, round(available * REFERENCE_TRAIN / (REFERENCE_TRAIN + REFERENCE_TEST)))
            test = available - train
        elif "test_size" not in given:
            test = available - train
        elif "train_size" not in given:
            train = available - test
    if train < 1 or test < 1:
        raise RunError(
            f"train_size ({train}) and test_size ({test}) must each be at least 1; "
            f"with limit {params['limit']} there are {available} images"
        )
    if train + test > available:
        where = f"the {available} images chosen by limit {params['limit']}" if params["limit"] > 0 else f"the {available} images"
        raise RunError(
            f"train_size ({train}) + test_size ({test}) = {train + test} is more than {where} of the dataset: "
            "lower train_size and test_size (or raise limit)"
        )
    return train, test


def _balanced_subset(files: List[Dict[str, str]], labels: List[str], limit: int) -> Set[str]:
    """The first images of each class in path order, taken in turn: a trial run on a dataset sorted
    by class (defective_* before good_*) still sees every class, not only the first."""
    queues = {label: sorted((f["path"] for f in files if f["label"] == label), reverse=True) for label in labels}
    chosen: Set[str] = set()
    while len(chosen) < limit and any(queues.values()):
        for label in labels:
            if queues[label] and len(chosen) < limit:
                chosen.add(queues[label].pop())
    return chosen


def prepare(overrides: Dict[str, Any], data: Dict[str, Any]) -> Tuple[Dict[str, Any], List[str], List[Dict[str, str]]]:
    """Effective parameters (defaults, overrides, sizes resolved), the labels and the files the run uses."""
    params, given = resolve_params(PARAMS, overrides or {})
    for key, minimum in _MINIMUMS.items():
        if params[key] < minimum:
            raise RunError(f"parameter {key!r} must be at least {minimum}, got {params[key]}")
    if params["lr"] <= 0:
        raise RunError(f"parameter 'lr' must be greater than 0, got {params['lr']}")
    labels, files = load_manifest(data)
    if params["limit"] > 0:
        chosen = _balanced_subset(files, labels, params["limit"])
        files = [f for f in files if f["path"] in chosen]  # kept in manifest order, as the split expects
    params["train_size"], params["test_size"] = _sizes(params, given, len(files))
    return params, labels, files


def run(spec: Dict[str, Any], device: str) -> None:
    """Trains, evaluates and exports, reporting everything through the workbench SDK."""
    from .. import log_params

    params, labels, files = prepare(spec.get("params") or {}, spec.get("data") or {})
    log_params(params)
    from .tyre_quality_training import train  # torch is imported only now

    out_dir = spec.get("outDir") or os.path.join(os.getcwd(), "artifacts")
    os.makedirs(out_dir, exist_ok=True)
    train(params, labels, files, spec["data"]["dir"], out_dir, device)
