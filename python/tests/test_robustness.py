"""Hostile input from Python (issue 11): values JSON cannot carry, broken files and Ctrl-C each end
in a clear govsim error or KeyboardInterrupt, never a bare RuntimeError, a crash or a run that
cannot be stopped."""
import math
import os
import subprocess
import sys
import textwrap

import pytest

import govsim

MMC = "scenarios/tests/mmc.json"


@pytest.mark.parametrize("value, expected", [
    (math.nan, "expected a finite number, got nan"),
    (math.inf, "expected a finite number, got inf"),
    ({"a": [1, -math.inf]}, "/run/seed/a/1: expected a finite number"),
    ("\ud800", "expected a string of valid Unicode"),
])
def test_values_json_cannot_carry_are_scenario_errors_with_the_path(root, value, expected):
    sc = govsim.Scenario.load(root / MMC)
    with pytest.raises(govsim.ScenarioError, match=expected) as e:
        sc.set("run.seed", value)
    assert str(e.value).startswith(f"{root / MMC}: /run/seed")
    # Put into the document by hand, they are refused when the scenario is used.
    sc.doc["run"]["seed"] = value
    with pytest.raises(govsim.ScenarioError, match=expected):
        govsim.run(sc)


def test_a_file_that_is_not_utf8_is_a_scenario_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"schema_version": 1, "name": "\xff\xfe"}')
    with pytest.raises(govsim.ScenarioError, match=r"bad.json: /name: expected valid JSON: .*ill-formed UTF-8.*\\xff"):
        govsim.Scenario.load(bad)


def test_a_deeply_nested_file_is_a_scenario_error_not_a_crash(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"schema_version": 1, "description": ' + "[" * 100000 + "]" * 100000 + "}")
    with pytest.raises(govsim.ScenarioError, match="expected objects and arrays nested at most 64 deep"):
        govsim.Scenario.load(deep)


def test_ctrl_c_stops_a_long_run_with_keyboard_interrupt(root):
    # A run of many minutes (a year of the M/M/c station, 100,000 times); SIGINT a second into it.
    script = textwrap.dedent(f"""
        import os, signal, sys, threading, govsim
        sc = govsim.Scenario.load({str(root / MMC)!r}).set("run.replications", 100000)
        threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
        try:
            govsim.run(sc, threads=2)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(0)
        sys.exit(1)
    """)
    p = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=os.environ.copy())
    try:
        out, err = p.communicate(timeout=60)  # far longer than it takes; the whole run would take minutes
    except subprocess.TimeoutExpired:
        p.kill()
        pytest.fail("govsim.run ignored SIGINT for 60 s")
    assert p.returncode == 0 and out.strip() == "interrupted", err
