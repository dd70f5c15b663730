"""Reading the course's YAML data files (questions, exercises, plans) and reporting their
problems: one `Problem` per line, naming the file, the line, the field and what to do.
Shared by `bank` and `workshop`, so each file type only adds what is special to it."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from .i18n import _, os_error
from .yamlload import Loaded, StrictYAMLError, load

MAX_BYTES = 1_000_000


def too_deep() -> str:
    """The problem of a file nested too deeply for the parser (shared with `bank`)."""
    return _("the YAML is nested too deeply: a question file is at most a few levels deep")


def _bytes(n: int) -> str:
    """A byte count in groups of three, as Swedish writes it: 1 000 001."""
    return f"{n:,}".replace(",", " ")


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
        return _("required field is missing: add it")
    if kind == "extra_forbidden":
        if allowed:
            return _("unknown field: remove it or correct the spelling (allowed here: {fields})").format(
                fields=", ".join(allowed))
        return _("unknown field: remove it or correct the spelling")
    if kind == "string_pattern_mismatch":
        return _("{value} is not a valid id: use lowercase letters a-z, digits and hyphens").format(value=shown)
    if kind == "string_too_short":
        return _("is empty: write some text")
    if kind == "string_too_long":
        return _("is too long (over {count} characters): shorten it").format(count=ctx.get("max_length"))
    if kind == "too_short":
        return _("needs at least {minimum} item(s), has {count}").format(
            minimum=ctx.get("min_length"), count=ctx.get("actual_length"))
    if kind == "too_long":
        return _("has too many items (at most {maximum})").format(maximum=ctx.get("max_length"))
    if kind == "literal_error":
        # pydantic writes the allowed values as "'a', 'b' or 'c'": listed here without its "or"
        allowed_values = ", ".join(re.split(r", | or ", str(ctx.get("expected", ""))))
        return _("is {value}: use one of {allowed}").format(value=shown, allowed=allowed_values)
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind in ("int_parsing", "float_parsing"):
        return _("is {value}, expected a number: write it in digits, e.g. 3").format(value=shown)
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        return _("is {value}, which YAML reads as a number or `true`/`false`: put the text in quotes ('{raw}')").format(
            value=shown, raw=value)
    if kind.endswith("_type") or kind in ("model_type", "dict_type", "list_type"):
        expected = {"string_type": _("text"), "list_type": _("a list"), "model_type": _("a mapping (field: value)"),
                    "dict_type": _("a mapping (field: value)"), "bool_type": _("`true` or `false`"),
                    "int_type": _("a whole number")}.get(kind)
        if expected is None:
            return _("is {value}, which is not the right kind of value here ({detail})").format(
                value=shown, detail=error["msg"])
        return _("is {value}, expected {expected}").format(value=shown, expected=expected)
    return _("{detail} (got {value})").format(detail=error["msg"], value=shown)


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
        return None, [Problem(shown, None, "", _("cannot read the file ({reason}): check the path").format(
            reason=os_error(exc)))]
    if len(raw) > MAX_BYTES:
        return None, [Problem(shown, None, "", _("the file is {size} bytes, over the limit of {limit}: split it into "
                                                 "smaller files").format(size=_bytes(len(raw)), limit=_bytes(MAX_BYTES)))]
    if b"\0" in raw:
        return None, [Problem(shown, None, "", _("the file is binary, not YAML text: save it as UTF-8 text"))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "", _("the file is not UTF-8: save it with UTF-8 encoding"))]
    try:
        loaded = load(text)
    except StrictYAMLError as exc:
        return None, [Problem(shown, exc.line, "", exc.message)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(shown, line, "", _("YAML syntax error: {problem}; check indentation, and quote text "
                                                 "that contains ': ' or starts with a special character").format(
                                                     problem=what))]
    except RecursionError:
        return None, [Problem(shown, None, "", too_deep())]
    return loaded, []


