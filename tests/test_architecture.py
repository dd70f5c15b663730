"""The package's layers: imports point down only (the contracts are in pyproject.toml)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_import_contracts_hold():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def readme_tree() -> str:
    """The README's "Mappar" block: the map of the repository a maintainer reads first."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Mappar\n", 1)[1]
    return section.split("```", 2)[1]


def named(tree: str) -> set[str]:
    """Every file or folder name the block mentions (`name.py`, `name/`, or `name` with a dot)."""
    import re

    return set(re.findall(r"(?<![\w./-])([\w.-]+(?:/|\.(?:py|yml|cfg|txt|json|lock|md|toml)))(?![\w-])", tree))


def test_readme_map_names_every_folder_and_module():
    """Each top-level folder and each module and folder of the package is in the README's map,
    and each name in the map exists (so a new module, or a moved one, updates the map)."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    top = {p.split("/")[0] + "/" for p in tracked if "/" in p and not p.startswith(".")}
    package = {p.split("/")[1] + ("/" if p.count("/") > 1 else "") for p in tracked if p.startswith("s3kurs/")}
    package -= {"__init__.py"}
    names = named(readme_tree())
    assert sorted(top - names - {"output/"}) == []
    assert sorted(package - names) == []
    existing = {Path(p).name for p in tracked} | {part + "/" for p in tracked for part in Path(p).parts[:-1]}
    assert sorted(n for n in names - existing if n != "output/") == []
