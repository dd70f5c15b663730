"""Where a workshop result is saved: a PNG chart and a CSV table, named after the exercise and
the time. The folder is $S3KURS_OUTPUT, or `output/` in the checkout (ignored by git), so a
result never becomes part of the repository."""
from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

from ..project import Project, ProjectNotFound


def output_dir() -> Path:
    if os.environ.get("S3KURS_OUTPUT"):
        return Path(os.environ["S3KURS_OUTPUT"])
    try:
        return Project.find().root / "output"
    except ProjectNotFound:
        return Path.cwd() / "s3kurs-resultat"


def save(key: str, png: bytes, rows: list[dict], folder: Path | None = None) -> tuple[Path, Path]:
    """Write the chart and the table; CSV with semicolons and a BOM, as Excel in Swedish expects."""
    folder = folder or output_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{key.replace('_', '-')}-{dt.datetime.now():%Y%m%d-%H%M%S}"
    chart, table = folder / f"{stem}.png", folder / f"{stem}.csv"
    chart.write_bytes(png)
    with table.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, list(rows[0]) if rows else ["Tomt"], delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return chart, table
