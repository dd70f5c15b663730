"""Reading the course's YAML data files (questions, exercises, plans) and reporting their
problems: one `Problem` per line, naming the file, the line, the field and what to do.
Shared by `bank` and `workshop`, so each file type only adds what is special to it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from .yamlload import Loaded, StrictYAMLError, load

MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def field_path(loc: tuple) -> str:
    """("questions", 3, "key") -> "questions[3].key"."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def value_at(data, loc):
    """The value at *loc* in the loaded data, or None."""
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def message(error: dict, allowed: list[str] = ()) -> str:
    """One pydantic error as a plain instruction; *allowed* lists the fields allowed where an
    unknown field was found."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    if kind == "missing":
        return "required field is missing: add it"
    if kind == "extra_forbidden":
        hint = f" (allowed here: {', '.join(allowed)})" if allowed else ""
        return f"unknown field: remove it or correct the spelling{hint}"
    if kind == "string_pattern_mismatch":
        return f"{shown} is not a valid id: use lowercase letters a-z, digits and hyphens"
    if kind == "string_too_short":
        return "is empty: write some text"
    if kind == "string_too_long":
        return f"is too long (over {ctx.get('max_length')} characters): shorten it"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s), has {ctx.get('actual_length')}"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    if kind == "literal_error":
        return f"is {shown}: use one of {ctx.get('expected')}"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind in ("int_parsing", "float_parsing"):
        return f"is {shown}, expected a number: write it in digits, e.g. 3"
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        return f"is {shown}, which YAML reads as a number or true/false: put the text in quotes ('{value}')"
    if kind.endswith("_type") or kind in ("model_type", "dict_type", "list_type"):
        expected = {"string_type": "text", "list_type": "a list", "model_type": "a mapping (field: value)",
                    "dict_type": "a mapping (field: value)", "bool_type": "true or false",
                    "int_type": "a whole number"}.get(kind, error["msg"].lower())
        return f"is {shown}, expected {expected}"
    return f"{error['msg']} (got {shown})"


def problems_from_validation(err: ValidationError, loaded: Loaded, shown: str, *,
                             explain: Callable[[dict, tuple], tuple[tuple, str, str]] | None = None) -> list[Problem]:
    """One problem per pydantic error. *explain(error, loc)* may return (where to point, how to
    name it, the message) for errors a file type describes better itself."""
    problems = []
    for error in err.errors(include_url=False):
        loc = tuple(error["loc"])
        at, where, text = explain(error, loc) if explain else (loc, field_path(loc), message(error))
        problems.append(Problem(shown, loaded.line_of(at), where, text))
    return problems


def read_yaml(path: Path, shown: str) -> tuple[Loaded | None, list[Problem]]:
    """A YAML file read strictly, or the problems that stop it being read (one line each)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, None, "", f"cannot read the file ({exc.strerror}): check the path")]
    if len(raw) > MAX_BYTES:
        return None, [Problem(shown, None, "", f"the file is {len(raw):,} bytes, over the limit of {MAX_BYTES:,}: "
                                               "split it into smaller files")]
    if b"\0" in raw:
        return None, [Problem(shown, None, "", "the file is binary, not YAML text: save it as UTF-8 text")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "", "the file is not UTF-8: save it with UTF-8 encoding")]
    try:
        loaded = load(text)
    except StrictYAMLError as exc:
        return None, [Problem(shown, exc.line, "", exc.message)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(shown, line, "", f"YAML syntax error: {what}; check indentation, and quote text "
                                               "that contains ': ' or starts with a special character")]
    except RecursionError:
        return None, [Problem(shown, None, "", "the YAML is nested too deeply: a question file is at most a few levels deep")]
    return loaded, []


