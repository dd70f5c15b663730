"""Debian's Chromium, as the handouts, the tests and the benchmark launch it: no background
networking, no component updates, nothing fetched that the page did not ask for."""
from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("S3KURS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
