"""One epoch of the tyre-quality input pipeline (decode, resize to 224, normalise, batch 64), timed.

`--source s3`: the reference guide's loader, a Dataset whose __getitem__ GETs each object from the
bucket with boto3 (one client per DataLoader worker) — what a notebook does without a local cache.
`--source cache`: the workbench recipe's own Dataset (ManifestImages) over the local cached copy the
app materializes before a run. Prints one JSON line: images, seconds, images/s, device figures.
"""
import argparse
import io
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "python"))

import torch  # noqa: E402
from PIL import Image  # noqa: E402
from torch.utils.data import DataLoader, Dataset  # noqa: E402
from torchvision import transforms  # noqa: E402

from workbench.recipes.tyre_quality_training import MEAN, STD, ManifestImages  # noqa: E402


class S3Images(Dataset):
    """The reference guide's approach: every item is a GetObject on the bucket."""

    def __init__(self, endpoint, bucket, keys, labels):
        self.endpoint, self.bucket, self.keys, self.labels = endpoint, bucket, keys, labels
        self.client = None
        self.transform = transforms.Compose(
            [transforms.Resize((224, 224)), transforms.ToTensor(), transforms.Normalize(MEAN, STD)]
        )

    def __len__(self):
        return len(self.keys)

    def __getitem__(self, i):
        if self.client is None:  # one client per worker process, made after the fork
            import boto3
            from botocore.config import Config

            self.client = boto3.client(
                "s3", endpoint_url=self.endpoint, config=Config(s3={"addressing_style": "path"}), region_name="us-east-1"
            )
        body = self.client.get_object(Bucket=self.bucket, Key=self.keys[i])["Body"].read()
        with Image.open(io.BytesIO(body)) as image:
            return self.transform(image.convert("RGB")), self.labels[i]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--source", choices=["s3", "cache"], required=True)
    p.add_argument("--endpoint")
    p.add_argument("--bucket")
    p.add_argument("--prefix", default="")
    p.add_argument("--dir")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=64)
    a = p.parse_args()
    names = sorted(n for n in os.listdir(a.dir) if n.endswith(".jpg")) if a.dir else None
    if a.source == "s3":
        import boto3
        from botocore.config import Config

        client = boto3.client("s3", endpoint_url=a.endpoint, config=Config(s3={"addressing_style": "path"}), region_name="us-east-1")
        keys = []
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=a.bucket, Prefix=a.prefix):
            keys += [o["Key"] for o in page.get("Contents", []) if o["Key"].endswith(".jpg")]
        labels = [0 if os.path.basename(k).startswith("defective") else 1 for k in keys]
        dataset = S3Images(a.endpoint, a.bucket, keys, labels)
    else:
        files = [{"path": n, "label": "defective" if n.startswith("defective") else "good"} for n in names]
        dataset = ManifestImages(a.dir, files, ["defective", "good"], 224)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    loader = DataLoader(dataset, batch_size=a.batch_size, shuffle=True, num_workers=a.workers, pin_memory=device == "cuda")
    start = time.perf_counter()
    images = 0
    for batch, _labels in loader:
        batch.to(device, non_blocking=True)
        images += batch.shape[0]
    if device == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    print(json.dumps({"source": a.source, "images": images, "seconds": seconds, "images_per_s": images / seconds, "device": device}))


if __name__ == "__main__":
    main()
