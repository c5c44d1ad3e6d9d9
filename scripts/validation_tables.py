#!/usr/bin/env python3
"""Prints the tables of docs/validation.md: each place's reported figures beside the simulated ones.

  for p in kenli wuxue changxing yangquan fengtai; do
    build/bin/govsim check scenarios/$p.json --targets scenarios/targets/$p.json --out out/validation/$p.json --quiet
  done
  python3 scripts/validation_tables.py out/validation
"""
import json
import sys
from pathlib import Path

PLACES = ["kenli", "wuxue", "changxing", "yangquan", "fengtai"]


def fmt(x):
    return f"{x:,.4g}" if abs(x) < 1e4 else f"{x:,.0f}"


def main(folder: str) -> None:
    for place in PLACES:
        check = json.loads((Path(folder) / f"{place}.json").read_text())
        print(f"#### {place}\n")
        print(f"`govsim check scenarios/{place}.json --targets scenarios/targets/{place}.json` "
              f"({check['replications']} replications, seed {check['seed']}):\n")
        print("| figure | reported | simulated [95% CI] | error | use (tolerance) | source |")
        print("|---|---|---|---|---|---|")
        for f in check["figures"]:
            s = f["simulated"]
            use = ("fitted" if f["use"] == "fit" else "**held out**") + f" ({100 * f['tolerance']:.0f}%)"
            print(f"| `{f['metric']}` | {fmt(f['reported'])} | {fmt(s['mean'])} [{fmt(s['ci_low'])}, {fmt(s['ci_high'])}] | "
                  f"{100 * f['relative_error']:+.1f}% | {use} | {f.get('source', '')} |")
        print()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "out/validation")
