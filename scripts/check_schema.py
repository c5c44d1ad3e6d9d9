#!/usr/bin/env python3
"""Checks scenarios/scenario.schema.json against the shipped scenarios and a few broken ones.

  python3 scripts/check_schema.py [REPO_ROOT]

REPO_ROOT defaults to the parent of this script's folder. The script
  1. checks that the schema is itself a valid draft 2020-12 schema,
  2. validates every scenarios/**/*.json (except the schema) against it,
  3. validates a few valid variants of scenarios/tests/mmc.json that use the less common forms
     (so the schema is not stricter than the loader),
  4. checks that the schema rejects broken variants of scenarios/tests/mmc.json (each of which the
     loader rejects too).
It prints one line per check, then "N passed, M failed", and exits 1 if anything failed
(2 if it cannot run at all). Needs the `jsonschema` package (pip install jsonschema).
"""
import copy
import json
import sys
from pathlib import Path

try:
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError:  # pragma: no cover
    print("check_schema: the 'jsonschema' package is missing (pip install jsonschema)", file=sys.stderr)
    sys.exit(2)

SCHEMA = Path("scenarios") / "scenario.schema.json"
BASE = Path("scenarios") / "tests" / "mmc.json"


def pointer(path):
    """JSON pointer of a jsonschema error path."""
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


def errors_of(validator, doc):
    return sorted(validator.iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.message))


def _set(doc, path, value):
    *parents, last = path
    for p in parents:
        doc = doc[p]
    doc[last] = value


def _del(doc, path):
    *parents, last = path
    for p in parents:
        doc = doc[p]
    del doc[last]


def broken_variants(base):
    """(label, document) pairs that the loader rejects and so must the schema."""
    edits = [
        # The four the brief names: a typo in a top-level key, negative households, a future version,
        # an unknown distribution.
        ("unknown top-level key 'polcy'", lambda d: _set(d, ["polcy"], {"name": "tiered"})),
        ("households -5", lambda d: _set(d, ["org", "units", 0, "households"], -5)),
        ("schema_version 2", lambda d: _set(d, ["schema_version"], 2)),
        ("unknown distribution 'weibull'", lambda d: _set(d, ["staff", "server", "service", "dist"], "weibull")),
        # More of the loader's rules.
        ("missing 'demand'", lambda d: _del(d, ["demand"])),
        ("impossible start_date 2024-02-30", lambda d: _set(d, ["start_date"], "2024-02-30")),
        ("exponential without mean or rate", lambda d: _set(d, ["staff", "server", "service"], {"dist": "exponential"})),
        ("exponential with a lognormal key 'sd'",
         lambda d: _set(d, ["staff", "server", "service"], {"dist": "exponential", "mean": 1, "sd": 1})),
        ("negative exponential mean", lambda d: _set(d, ["staff", "server", "service", "mean"], -1)),
        ("role with both count and per_households", lambda d: _set(d, ["staff", "server", "per_households"], 100)),
        ("role with count but no level", lambda d: _del(d, ["staff", "server", "level"])),
        ("unit name with '/'", lambda d: _set(d, ["org", "units", 0, "name"], "a/b")),
        ("two top units", lambda d: d["org"]["units"].append({"name": "other", "households": 1})),
        ("repeated top unit", lambda d: _set(d, ["org", "units", 0, "repeat"], 2)),
        ("unknown key in a unit", lambda d: _set(d, ["org", "units", 0, "househlds"], 1)),
        ("weekday key 'monday'",
         lambda d: _set(d, ["calendars"], {"office": {"weekly": {"monday": [["08:00", "17:00"]]}}})),
        ("clock time 25:00",
         lambda d: _set(d, ["calendars"], {"office": {"weekly": {"mon-fri": [["08:00", "25:00"]]}}})),
        ("calendar named 'always'",
         lambda d: _set(d, ["calendars"], {"always": {"weekly": {"daily": [["00:00", "24:00"]]}}})),
        ("month profile of 11 entries",
         lambda d: _set(d, ["demand", "categories", "job", "profile"], {"month": [1] * 11})),
        ("negative severity probability",
         lambda d: _set(d, ["demand", "categories", "job", "severity"], [1.5, -0.5])),
        ("discovery channel without share",
         lambda d: _set(d, ["demand", "categories", "job", "discovery"], [{"channel": "a"}])),
        ("link of kind reports_to",
         lambda d: _set(d, ["org", "links"], [{"from": "station", "to": "station", "kind": "reports_to"}])),
        ("tiered max_attempts_per_unit 0",
         lambda d: _set(d, ["policy", "params"], {"max_attempts_per_unit": 0})),
        ("unknown tiered parameter", lambda d: _set(d, ["policy", "params"], {"max_attempts": 2})),
        ("run.seed -1", lambda d: _set(d, ["run", "seed"], -1)),
        ("run.seed as a string", lambda d: _set(d, ["run", "seed"], "abc")),
        ("unknown run key 'horizon'", lambda d: _set(d, ["run", "horizon"], 10)),
    ]
    out = []
    for label, edit in edits:
        doc = copy.deepcopy(base)
        edit(doc)
        out.append((label, doc))
    return out


def valid_variants(base):
    """(label, document) pairs that the loader accepts: the less common forms of the format."""
    full = {
        "schema_version": 1,
        "name": "mmc-all-forms",
        "description": "Every form of the format the loader accepts, on a tiny organisation.",
        "sources": {"rates": "assumed: for the schema check only."},
        "start_date": "2024-01-01",
        "levels": ["station", {"name": "desk", "authority": 2, "description": "front desks"}],
        "grassroots_level": "desk",
        "calendars": {
            "office": {
                "weekly": {"mon-fri": [["08:30", "12:00"], [13.5, 17.5]], "sat": [], "sun": [["9:00", "10:00"]]},
                "holidays": ["2024-01-01"],
                "extra_workdays": ["2024-01-06"],
                "description": "office hours",
            },
            "nights": {"weekly": {"daily": [["20:00", "24:00"]]}},
        },
        "org": {
            "description": "one station, five desks",
            "units": [
                {
                    "name": "station",
                    "staff": {"server": 2, "helper": 1},
                    "children": [
                        {"name": "desk-{i}", "repeat": 3, "households": [100, 200], "authority": 1,
                         "description": "desk"},
                        {"name": "annex", "repeat": 2, "households": 50, "level": "desk"},
                    ],
                }
            ],
            "links": [{"from": "station/desk-1", "to": "station/annex-2", "kind": "coordinates"},
                      {"from": "station", "to": "station/desk-3", "kind": "summons", "description": "x"}],
        },
        "staff": {
            "server": {"level": "station", "count": 3, "calendar": "office",
                       "service": {"dist": "exponential", "rate": 1.0}, "description": "servers"},
            "clerk": {
                "level": "desk", "per_households": 100, "min": 0, "calendar": "nights",
                "service": {"default": {"dist": "gamma", "shape": 2, "scale": 0.5},
                            "job": {"dist": "lognormal", "mu": 0, "sigma": 0.5}},
                "success": {"default": 0.9, "job": 0.8},
                "handles": ["*"],
            },
            "helper": {
                "service": {"job": {"dist": "empirical", "values": [1, 2], "weights": [1, 3]},
                            "other": {"dist": "gamma", "mean": 2, "cv": 0.5}},
                "success": 0.5,
                "handles": [],
            },
        },
        "demand": {
            "description": "two categories",
            "categories": {
                "job": {
                    "rate_per_household_year": 2.0,
                    "severity": [0.7, 0.3],
                    "assessment_error": 0.1,
                    "profile": {"month": [1] * 11 + [2], "weekday": [1, 1, 1, 1, 1, 0.5, 0], "hour": [1] * 24},
                    "overdispersion": 0.2,
                    "discovery": [
                        {"channel": "resident", "share": 0.5},
                        {"channel": "patrol", "share": 0.5, "delay": {"dist": "uniform", "low": 0, "high": 24}},
                    ],
                    "description": "jobs",
                },
                "other": {
                    "rate_per_household_year": 0.5,
                    "discovery": [{"channel": "c", "share": 1, "delay": {"dist": "deterministic", "value": 2}}],
                },
            },
            "surges": [{"start": "2024-03-01", "days": 10, "multiplier": 2, "categories": ["job"],
                        "description": "spring"},
                       {"start": "2024-06-01", "days": 1, "multiplier": 0}],
        },
        "policy": {"name": "tiered", "params": {"start_level": "desk", "max_attempts_per_unit": 2,
                                                "retry_probability": {"desk": 0.5},
                                                "assess_before_handling": True}},
        "run": {"horizon_days": 60, "warmup_days": 5.5, "replications": 2, "seed": 3, "record_issues": False,
                "sample_interval_hours": 12},
    }
    minimal = copy.deepcopy(base)
    for key in ("description", "policy", "run"):
        minimal.pop(key, None)
    lognormal_mean_sd = copy.deepcopy(base)
    lognormal_mean_sd["staff"]["server"]["service"] = {"dist": "lognormal", "mean": 1, "sd": 0.5}
    retry_number = copy.deepcopy(base)
    retry_number["policy"]["params"] = {"retry_probability": 0.25}
    return [("all less common forms", full), ("only the required members", minimal),
            ("lognormal {mean, sd}", lognormal_mean_sd), ("retry_probability as one number", retry_number)]


def main(argv):
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    root = root.resolve()
    passed = failed = 0

    def report(ok, text, details=()):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
        print(("PASS " if ok else "FAIL ") + text)
        for d in details:
            print("       " + d)

    schema_path = root / SCHEMA
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        base = json.loads((root / BASE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"check_schema: cannot read the schema or {BASE}: {e}", file=sys.stderr)
        print("0 passed, 1 failed")
        return 1

    try:
        Draft202012Validator.check_schema(schema)
        report(True, f"{SCHEMA} is a valid draft 2020-12 schema")
    except jsonschema.exceptions.SchemaError as e:
        report(False, f"{SCHEMA} is a valid draft 2020-12 schema", [e.message])
        print(f"{passed} passed, {failed} failed")
        return 1

    checker = getattr(Draft202012Validator, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
    validator = Draft202012Validator(schema, format_checker=checker)

    def must_accept(label, doc):
        errs = errors_of(validator, doc)
        report(not errs, f"accepts {label}", [f"{pointer(e.absolute_path)}: {e.message}" for e in errs])

    def must_reject(label, doc):
        errs = errors_of(validator, doc)
        report(bool(errs), f"rejects {label}" + (f" ({pointer(errs[0].absolute_path)}: {errs[0].message})" if errs else ""),
               [] if errs else ["the schema accepted it, the loader does not"])

    # Every scenario (the targets files of scenarios/targets/ and the policy variants of
    # scenarios/variants/ are not scenarios).
    files = sorted(p for p in (root / "scenarios").rglob("*.json")
                   if p.resolve() != schema_path.resolve()
                   and not {"targets", "variants"} & set(p.relative_to(root / "scenarios").parts[:-1]))
    if not files:
        report(False, "found scenarios/**/*.json to validate")
    for path in files:
        rel = path.relative_to(root)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            report(False, f"accepts {rel}", [f"not readable JSON: {e}"])
            continue
        must_accept(str(rel), doc)

    for label, doc in valid_variants(base):
        must_accept(f"mmc variant: {label}", doc)
    for label, doc in broken_variants(base):
        must_reject(f"mmc variant: {label}", doc)

    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
