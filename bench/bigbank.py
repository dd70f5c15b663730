"""A large question bank made from the course's own questions, for the benchmark.

`copy_project()` copies a checkout's tracked files (code included, so that the copy's own
`s3kurs` is what runs there) into a temporary folder; `write_big_bank()` replaces its
`quizzes/` with FILES files of PER_FILE questions each. The questions are the real ones,
copied in their own YAML text (block scalars and all, so parsing costs what it costs for
the real bank), each copy with new ids: copy k of question `m1-x` is `k07-m1-x`. Every
reference to a question id inside a copied question is renamed the same way.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

FILES, PER_FILE = 50, 200
QUESTION_START = re.compile(r"^  - id: ([a-z0-9][a-z0-9-]*)\s*$", re.M)
ENEMIES = re.compile(r"^    enemies:.*\n", re.M)  # one line, as the course writes it


def copy_project(checkout: Path, prefix: str = "s3kurs-bench-") -> Path:
    """The checkout's tracked files (as they are in the working tree) in a new temporary folder."""
    files = subprocess.run(["git", "-C", str(checkout), "ls-files", "-z"], check=True,
                           capture_output=True).stdout.decode().split("\0")
    target = Path(tempfile.mkdtemp(prefix=prefix))
    for name in filter(None, files):
        source = checkout / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def question_blocks(quiz_dir: Path) -> list[tuple[str, str]]:
    """(id, YAML text) of every question in the bank, in bank order."""
    blocks = []
    for path in sorted(quiz_dir.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        starts = [m.start() for m in QUESTION_START.finditer(text)]
        for begin, end in zip(starts, starts[1:] + [len(text)]):
            block = text[begin:end].rstrip() + "\n"
            blocks.append((QUESTION_START.match(block).group(1), block))
    if not blocks:
        raise SystemExit(f"no questions found in {quiz_dir}")
    return blocks


def renamed(blocks: list[tuple[str, str]], copy: int) -> list[str]:
    """One copy of every question, every question id in it given the copy's prefix."""
    ids = re.compile(r"(?<![a-z0-9-])(" + "|".join(re.escape(i) for i, _ in blocks) + r")(?![a-z0-9-])")
    return [ids.sub(lambda m: f"k{copy:02d}-{m.group(1)}", block) for _, block in blocks]


def write_big_bank(project: Path, files: int = FILES, per_file: int = PER_FILE) -> int:
    """Replace *project*'s quizzes/ with *files* files of *per_file* questions; returns the count."""
    quiz_dir = project / "quizzes"
    blocks = question_blocks(quiz_dir)
    needed, questions, copy = files * per_file, [], 0
    while len(questions) < needed:
        copy += 1
        questions += renamed(blocks, copy)
    # The last copy is cut short, so its `enemies` may name questions that are left out: the
    # questions of that copy keep none (the bank stays valid, and each copy's pairs stay symmetric).
    last = (copy - 1) * len(blocks)
    questions[last:] = [ENEMIES.sub("", q) for q in questions[last:]]
    for old in quiz_dir.glob("*.yml"):
        old.unlink()
    for n in range(files):
        module = f"stor-{n + 1:02d}"
        chunk = questions[n * per_file:(n + 1) * per_file]
        (quiz_dir / f"{module}.yml").write_text(
            f'module: {module}\ntitle: "Stor bank, fil {n + 1}"\nquestions:\n' + "\n".join(chunk), encoding="utf-8")
    return needed


if __name__ == "__main__":
    import sys

    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
    work = copy_project(root)
    print(f"{write_big_bank(work)} questions in {work / 'quizzes'}")
