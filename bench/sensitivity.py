"""How much each behaviour parameter moves the four real storms (the README's sensitivity table).

    python bench/sensitivity.py [--seeds 1,2,3] [--markdown]

For each parameter of the one behaviour model (game/sim/behaviour.py) at x0.5 and x1.5, each
storm's historical run (levels/history/ and national-2016, with their historical actions) is
simulated over the seeds; the table gives storm deliveries as a share of the fitted run's, and
how many of the storm's sourced ranges the changed model misses (summed over the seeds).
Prints one JSON object, or the Markdown table with --markdown.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STORMS = ("bedlam-1997", "bluehat-2006", "cisco-2013", "national-2016")
NAMES = {"bedlam-1997": "Bedlam", "bluehat-2006": "BlueHat", "cisco-2013": "Cisco", "national-2016": "NHSmail"}
PARAMETERS = {
    "first": "first reply chance",
    "follow": "later reply chances",
    "size_exponent": "size exponent",
    "fatigue_messages": "fatigue scale",
    "recall": "recall chance",
    "recall_report_share": "recall report share",
    "mailtips_effect": "MailTips effect",
    "EARLY_ERA_FATIGUE": "early-era fatigue",
    "EARLY_ERA_RECALL": "early-era recall",
}


def _params(storm: str):
    from game.content.loader import load_level
    from game.sim import from_level

    folder = ROOT / "levels"
    path = folder / "history" / f"{storm}.yaml"
    if not path.exists():
        path = next(p for p in sorted(folder.glob("*.yaml")) if load_level(p).id == storm)
    return from_level(load_level(path))


def _changed(params, name: str, factor: float):
    from game.sim import behaviour

    m = params.behaviour
    if name == "follow":
        m = dataclasses.replace(m, follow={c: v * factor for c, v in m.follow.items()})
    elif hasattr(m, name):
        value = getattr(m, name) * factor
        if name.endswith("_share") or name == "mailtips_effect":
            value = min(1.0, value)
        m = dataclasses.replace(m, **{name: value})
    else:
        setattr(behaviour, name, getattr(behaviour, name) * factor)
    return dataclasses.replace(params, behaviour=m)


def _measure(params, seeds) -> tuple[float, int]:
    from game.sim import run
    from game.sim.metrics import calibration, figures

    deliveries = []
    missed = 0
    for seed in seeds:
        state = run(params, seed, params.historical).state
        figs = figures(state)
        deliveries.append(figs["storm_deliveries"])
        missed += sum(1 for row in calibration(state, figs) if not row["inside"])
    return statistics.fmean(deliveries), missed


def main(argv=None) -> int:
    from game.sim import behaviour

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1", help="comma-separated seeds (default: 1)")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    base = {storm: _params(storm) for storm in STORMS}
    fitted = {storm: _measure(p, seeds) for storm, p in base.items()}
    out = {"seeds": seeds, "fitted": {s: {"storm_deliveries": round(d), "ranges_missed": m}
                                      for s, (d, m) in fitted.items()}, "parameters": {}}
    for name in PARAMETERS:
        row = {}
        for factor in (0.5, 1.5):
            saved = {k: getattr(behaviour, k) for k in ("EARLY_ERA_FATIGUE", "EARLY_ERA_RECALL")}
            cells = {}
            for storm, p in base.items():
                d, missed = _measure(_changed(p, name, factor), seeds)
                cells[storm] = {"share": round(d / fitted[storm][0], 2), "ranges_missed": missed}
                for k, v in saved.items():  # an era constant changed for one storm is put back
                    setattr(behaviour, k, v)
            row[str(factor)] = cells
        out["parameters"][name] = row
    if not args.markdown:
        print(json.dumps(out, indent=2))
        return 0
    print("| parameter | ×0.5: " + ", ".join(NAMES[s] for s in STORMS) + " | ×1.5: "
          + ", ".join(NAMES[s] for s in STORMS) + " |")
    print("|---|---|---|")
    for name, label in PARAMETERS.items():
        halves = []
        for factor in ("0.5", "1.5"):
            parts = []
            for storm in STORMS:
                c = out["parameters"][name][factor][storm]
                parts.append(f"{c['share']:.2f}" + (f" ({c['ranges_missed']} out)" if c["ranges_missed"] else ""))
            halves.append(", ".join(parts))
        print(f"| {label} | {halves[0]} | {halves[1]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
