"""A level's one path from the command line or a menu to its outcome.

Finding a level (by id or by file), the level after it, the default seed, and
running a level against the same storm with nobody at the controls are all
here, so that `play`, `simulate`, the level list, the classroom and the debrief
cannot disagree. No pygame: the window and the terminal both use it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

from . import paths

#: The storm's seed when nobody chose one (same seed, same storm).
DEFAULT_SEED = 1

#: The figures of a run that are compared with doing nothing.
BASELINE_KEYS = ("reply_alls", "storm_deliveries", "storm_per_recipient", "critical_on_time_pct",
                 "webmail_availability_pct", "score", "stars")

log = logging.getLogger(__name__)


class LevelNotFound(Exception):
    """No level file and no campaign level by that name; the message says which there are."""


_cache: tuple[tuple, list[Any]] | None = None


def _campaign_files() -> list[Path]:
    folder = paths.levels_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def campaign() -> list[Any]:
    """The campaign's levels in play order; a level that does not load is logged and left out.

    Loaded once and kept while the files are unchanged: the level list, the
    debrief and the classroom all ask for it.
    """
    global _cache
    files = _campaign_files()
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    if _cache is not None and _cache[0] == key:
        return list(_cache[1])
    from .content.loader import load_all

    loaded, problems = load_all(files, "level")
    for problem in problems:
        log.warning("level not loaded: %s", problem)
    levels = sorted((item.model for item in loaded), key=lambda level: (level.order, level.id))
    _cache = (key, levels)
    return list(levels)


def campaign_level(level_id: str) -> Any | None:
    return next((level for level in campaign() if level.id == level_id), None)


def next_level(level_id: str) -> Any | None:
    """The campaign level after this one, or None after the last (or for a level outside the campaign)."""
    ids = [level.id for level in campaign()]
    if level_id in ids and ids.index(level_id) + 1 < len(ids):
        return campaign()[ids.index(level_id) + 1]
    return None


def level_file(name: str) -> Path:
    """The file of a level named by path or by campaign id; LevelNotFound says what there is."""
    path = Path(name)
    if path.is_file():
        return path
    looks_like_id = "/" not in name and "\\" not in name and not name.endswith((".yaml", ".yml"))
    if looks_like_id:
        from .content.errors import ContentError
        from .content.loader import read_document

        known = []
        # campaign levels, then the real storms the model is checked against (levels/history)
        history = paths.levels_dir() / "history"
        extra = sorted(history.glob("*.yaml")) if history.is_dir() else []
        for candidate in _campaign_files() + extra:
            try:
                data, _ = read_document(candidate)
            except ContentError:
                continue
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                known.append(data["id"])
                if data["id"] == name:
                    return candidate
        raise LevelNotFound(f"no level file or campaign level '{name}' (levels: {', '.join(known)})")
    raise LevelNotFound(f"no such file: {name}")


def find_level(name: str) -> Any:
    """A level by campaign id or file path, loaded and checked (ContentError when it has problems)."""
    from .content.loader import load_level

    if not Path(name).is_file():
        known = campaign_level(name)
        if known is not None:
            return known
    return load_level(level_file(name))


@dataclass
class LevelRun:
    """A run of a level and the same storm with nobody at the controls, and what sets them apart.

    Made from a finished run (the debrief) or by running one (`run`, for
    `replyall simulate`); the baseline is run only when first asked for.
    """

    level: Any
    state: Any  # game.sim.State, at the end of the run
    source: str = "none"  # where the actions came from, for the report
    timed: list = field(default_factory=list, repr=False)

    @classmethod
    def run(cls, level: Any, seed: int = DEFAULT_SEED, timed: Iterable[tuple[int, Any]] = (),
            source: str = "none") -> "LevelRun":
        from .sim import from_level, run as run_sim

        timed = list(timed)
        return cls(level, run_sim(from_level(level), seed, timed).state, source, timed)

    @property
    def seed(self) -> int:
        return self.state.seed

    @property
    def params(self) -> Any:
        return self.state.params

    @cached_property
    def figures(self) -> dict[str, Any]:
        from .sim import figures

        return figures(self.state)

    @cached_property
    def _score(self) -> tuple[float, int]:
        from .sim import score

        return score(self.params, self.figures, self.state.bonus)

    @property
    def points(self) -> float:
        return self._score[0]

    @property
    def stars(self) -> int:
        return self._score[1]

    @cached_property
    def baseline(self) -> Any:
        """The same level and seed with no action at all."""
        from .sim import run as run_sim

        return run_sim(self.params, self.seed).state

    @cached_property
    def baseline_figures(self) -> dict[str, Any]:
        from .sim import figures

        return figures(self.baseline)

    @cached_property
    def baseline_summary(self) -> dict[str, Any]:
        from .sim import summary

        return summary(self.baseline)

    @cached_property
    def best_strategy(self) -> dict[str, Any] | None:
        """The level's best strategy found, replayed on this run's seed beside it, with the reason in words."""
        from .sim.strategy import for_debrief

        return for_debrief(self.level, self.params, self.seed, self.figures, self.points)

    @property
    def deliveries_avoided(self) -> int:
        """Needless deliveries the player's actions avoided; negative when they made the storm worse."""
        return int(self.baseline_figures["storm_deliveries"] - self.figures["storm_deliveries"])

    def report(self, with_series: bool = False) -> dict[str, Any]:
        """The figures as `replyall simulate --json` prints them: nothing from the clock or the machine."""
        from .sim import calibration, series, summary

        out = summary(self.state)
        out["actions"] = self.source
        out["refused"] = [
            {"at": self.params.clock(at), "action": action.name, "reason": reason}
            for at, action, reason in getattr(self.state, "refused_log", [])
        ]
        if self.timed:
            base = self.baseline_summary
            out["baseline"] = {k: base[k] for k in BASELINE_KEYS}
            out["needless_deliveries_avoided"] = self.deliveries_avoided
        cal = calibration(self.state)
        if cal:
            out["calibration"] = cal
        if with_series:
            out["series"] = series(self.state)
        return out
