"""Evaluation figures from a confusion matrix, and the confusion matrix drawn as a PNG with PIL."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from PIL import Image, ImageDraw, ImageFont


def evaluation_of(labels: List[str], confusion: List[List[int]]) -> Dict[str, Any]:
    """Accuracy, per-class precision/recall/support; confusion rows = true class, columns = predicted."""
    total = sum(sum(row) for row in confusion)
    correct = sum(confusion[i][i] for i in range(len(labels)))
    per_class = []
    for i, label in enumerate(labels):
        predicted = sum(row[i] for row in confusion)
        support = sum(confusion[i])
        per_class.append(
            {
                "label": label,
                "precision": confusion[i][i] / predicted if predicted else 0.0,
                "recall": confusion[i][i] / support if support else 0.0,
                "support": support,
            }
        )
    return {
        "labels": list(labels),
        "accuracy": correct / total if total else 0.0,
        "perClass": per_class,
        "confusion": [list(row) for row in confusion],
        "samples": total,
    }


_FONT_FILES = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf")


def _font(size: int) -> Tuple[Any, int]:
    """A font of about `size` pixels and the factor to scale its text by (1 unless only the bitmap font exists)."""
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, size), 1
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size), 1  # Pillow >= 10.1 bundles a scalable font
    except TypeError:
        return ImageFont.load_default(), max(1, round(size / 11))


def _text(text: str, size: int, fill: Tuple[int, int, int]) -> Image.Image:
    font, scale = _font(size)
    left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), text, font=font)
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, font=font, fill=255)
    if scale > 1:
        mask = mask.resize((mask.width * scale, mask.height * scale), Image.NEAREST)
    tile = Image.new("RGBA", mask.size, fill + (0,))
    tile.putalpha(mask)
    return tile


def _fitted(text: str, size: int, fill: Tuple[int, int, int], max_width: int) -> Image.Image:
    """The text's tile, shortened with an ellipsis until it fits max_width (long label names)."""
    tile = _text(text, size, fill)
    while tile.width > max_width and len(text) > 1:
        text = text[:-1]
        tile = _text(text.rstrip() + "\u2026", size, fill)
    return tile


def _paste_centered(canvas: Image.Image, tile: Image.Image, cx: float, cy: float) -> None:
    canvas.alpha_composite(tile, (int(cx - tile.width / 2), int(cy - tile.height / 2)))


def _shade(fraction: float) -> Tuple[int, int, int]:
    # White (0) to a deep blue (1), like the usual confusion-matrix colour map.
    low, high = (247, 251, 255), (8, 48, 107)
    return tuple(int(round(a + (b - a) * fraction)) for a, b in zip(low, high))  # type: ignore[return-value]


def write_confusion_png(path: str, labels: List[str], confusion: List[List[int]], title: Optional[str] = None) -> str:
    """A labelled heatmap: rows = true label, columns = predicted, each cell its count and share of its row."""
    n = len(labels)
    cell, left, top, right, bottom = 170, 190, 140, 40, 40
    width, height = left + n * cell + right, top + n * cell + bottom
    canvas = Image.new("RGBA", (width, height), (255, 255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    ink = (33, 37, 41)
    total = sum(sum(row) for row in confusion)
    correct = sum(confusion[i][i] for i in range(n))
    heading = f"Confusion matrix: {correct} of {total} correct ({100 * correct / total:.1f}%)" if total else "Confusion matrix"
    _paste_centered(canvas, _text(heading, 22, ink), width / 2, 28)
    if title:
        _paste_centered(canvas, _text(title, 16, (90, 90, 90)), width / 2, 56)
    _paste_centered(canvas, _text("Predicted label", 18, ink), left + n * cell / 2, top - 44)
    vertical = _text("True label", 18, ink).rotate(90, expand=True)
    _paste_centered(canvas, vertical, 26, top + n * cell / 2)
    biggest = max([max(row) for row in confusion] + [1])
    for j, label in enumerate(labels):
        _paste_centered(canvas, _fitted(label, 17, ink, cell - 8), left + j * cell + cell / 2, top - 16)
    for i, label in enumerate(labels):
        tile = _fitted(label, 17, ink, left - 64)
        _paste_centered(canvas, tile, left - 12 - tile.width / 2, top + i * cell + cell / 2)
        row_total = sum(confusion[i])
        for j in range(n):
            count = confusion[i][j]
            x0, y0 = left + j * cell, top + i * cell
            colour = _shade(count / biggest)
            draw.rectangle([x0, y0, x0 + cell, y0 + cell], fill=colour + (255,), outline=(200, 200, 200, 255))
            text_colour = (255, 255, 255) if count / biggest > 0.5 else ink
            share = f"{100 * count / row_total:.1f}% of row" if row_total else "no images"
            _paste_centered(canvas, _text(str(count), 34, text_colour), x0 + cell / 2, y0 + cell / 2 - 14)
            _paste_centered(canvas, _text(share, 14, text_colour), x0 + cell / 2, y0 + cell / 2 + 24)
    canvas.convert("RGB").save(path, "PNG")
    return path
