"""One matplotlib chart per exercise, drawn from the same data as the exercise's rows. Series
differ in line style, marker or hatching as well as colour, so colour is never the only cue."""
from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .exercises import ActorMapping, Exercise, ObstacleAnalysis, Prioritisation, SelfAssessment  # noqa: E402

COLOURS = ("#1b4f72", "#b9770e", "#1e8449", "#7d3c98")
STYLES = ("-", "--", ":", "-.")
MARKERS = ("o", "s", "^", "D")
HATCHES = ("", "//", "..", "xx")
plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "s3kurs", "font.size": 10})


def draw(exercise: Exercise, data, scale_max: int = 5) -> Figure:
    """The exercise's chart for *data* (scores or actors, as the exercise's rules take them)."""
    painters = {SelfAssessment: _radar, Prioritisation: _stacked_ranking,
                ActorMapping: _actor_grid, ObstacleAnalysis: _obstacle_ranking}
    return painters[type(exercise)](exercise, data, scale_max)


def png(figure: Figure) -> bytes:
    return _save(figure, "png")


def svg(figure: Figure) -> str:
    return _save(figure, "svg").decode("utf-8")


def _save(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=100, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(figure)
    return buffer.getvalue()


def _radar(ex: SelfAssessment, scores, scale_max):
    names = [s.name for s in ex.steps]
    angles = [2 * math.pi * i / len(names) for i in range(len(names))]
    figure, axes = plt.subplots(figsize=(7, 5.5), subplot_kw={"projection": "polar"})
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    for i, factor in enumerate(ex.factors):
        values = [scores[name][i] for name in names]
        axes.plot(angles + angles[:1], values + values[:1], color=COLOURS[i], linestyle=STYLES[i],
                  marker=MARKERS[i], linewidth=2, label=factor.name)
    axes.set_xticks(angles, [n.replace(" och ", "\noch ") for n in names])
    axes.set_ylim(0, scale_max)
    axes.set_yticks(range(scale_max + 1))
    axes.set_title(ex.title.split(":")[0] + ": poäng per steg och faktor", pad=20)
    axes.legend(loc="upper left", bbox_to_anchor=(1.08, 1.05), title="Faktor")
    figure.tight_layout()
    return figure


def _stacked_ranking(ex: Prioritisation, areas, scale_max):
    ranked = ex.ranking(areas)
    figure, axes = plt.subplots(figsize=(8, 1.2 + 0.7 * max(len(ranked), 1)))
    left = [0] * len(ranked)
    labels = [name for name, _ in ranked]
    for i, criterion in enumerate(ex.criteria):
        values = [scores[i] for _, scores in ranked]
        axes.barh(labels, values, left=left, color=COLOURS[i], hatch=HATCHES[i], edgecolor="white", label=criterion.name)
        left = [a + b for a, b in zip(left, values)]
    for y, total in enumerate(left):
        axes.text(total + 0.2, y, str(total), va="center")
    axes.set_xlim(0, scale_max * len(ex.criteria) + 2)
    axes.invert_yaxis()
    axes.set_xlabel("Summa av poängen")
    axes.set_title("Områdena rangordnade, med poängen per kriterium")
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, -0.55 if len(ranked) < 3 else -0.35), ncol=len(ex.criteria))
    figure.tight_layout()
    return figure


def _actor_grid(ex: ActorMapping, actors, scale_max):
    counts = ex.grid(actors)
    figure, axes = plt.subplots(figsize=(8, 4))
    axes.imshow(counts, cmap="Blues", vmin=0, vmax=max(3, max(map(max, counts))), aspect="auto")
    for row, level in enumerate(counts):
        for col, count in enumerate(level):
            axes.text(col, row, str(count), ha="center", va="center", color="white" if count >= 2 else "black")
    missing_helices, missing_levels = ex.missing(actors)
    axes.set_xticks(range(len(ex.helices)), [_missing(n, missing_helices) for n in ex.helix_names])
    axes.set_yticks(range(len(ex.levels)), [_missing(n, missing_levels) for n in ex.level_names])
    axes.set_title("Antal aktörer per del av helixen och nivå")
    figure.tight_layout()
    return figure


def _missing(name: str, missing: list[str]) -> str:
    return f"{name}\n(saknas)" if name in missing else name


def _obstacle_ranking(ex: ObstacleAnalysis, scores, scale_max):
    ranked = ex.ranking(scores)
    figure, axes = plt.subplots(figsize=(8, 1 + 0.45 * len(ranked)))
    axes.barh([item.name for item, _ in ranked], [score for _, score in ranked], color=COLOURS[0])
    for y, (_, score) in enumerate(ranked):
        axes.text(score + 0.1, y, str(score), va="center")
    axes.set_xlim(0, scale_max + 0.5)
    axes.set_xticks(range(scale_max + 1))
    axes.invert_yaxis()
    axes.set_xlabel("Hur stort är hindret i er region? (0–5)")
    axes.set_title("Hindren rangordnade, störst överst")
    figure.tight_layout()
    return figure
