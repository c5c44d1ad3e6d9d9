#!/usr/bin/env python3
"""Runs every `govsim` command the README and docs/*.md show, and checks what the page says of it.

A command is a line of a fenced block that starts with `govsim ` (continued by trailing
backslashes). If the block's next line is `govsim: error: ...` the command must fail with that
message; `govsim: warning: ...`, succeed and print that warning; otherwise it must succeed. A
message shortened with an ellipsis (…) is matched up to it; a path printed as it appears on the
page is matched as given. Synopsis lines (SCENARIO, ROLE, [--option] placeholders) are not
commands. Each command runs in a scratch directory that sees the repository's scenarios/, so
whatever it writes (out/...) stays out of the tree.

  doc_commands.py GOVSIM SOURCE_DIR [--fast]

--fast skips the commands that take longest (govsim staff and calibrate searches, runs of the
ten-million-household city), for a quick look while editing; the test runs them all.
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

# Commands that need something the page builds first, run by their own test instead.
ELSEWHERE = {
    "build-plugin/": "the out-of-tree plugin, built and run by plugin.out_of_tree_example",
}
# Placeholders of a synopsis, not a command.
PLACEHOLDER = re.compile(r"\b(SCENARIO|TARGETS|ROLE|METRIC|PATH=VALUE|DIR|FILE)\b|\[--|\.\.\.")
SLOW = re.compile(r"^govsim (staff|calibrate)\b|city_10m")


def commands(page: Path):
    """(command, expectation, message) for each govsim command in the page's fenced blocks."""
    text = page.read_text(encoding="utf-8")
    for block in re.findall(r"^ *```[a-z]*\n(.*?)^ *```", text, re.S | re.M):
        lines = [l.strip() for l in block.split("\n")]
        i = 0
        while i < len(lines):
            line = lines[i].removeprefix("$ ")
            if not line.startswith("govsim ") or PLACEHOLDER.search(line):
                i += 1
                continue
            cmd = line
            while cmd.endswith("\\") and i + 1 < len(lines):
                i += 1
                cmd = cmd[:-1].rstrip() + " " + lines[i]
            cmd = re.sub(r"\s+#.*$", "", cmd)  # a trailing comment
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if nxt.startswith("govsim: error:"):
                yield cmd, "error", nxt
            elif nxt.startswith("govsim: warning:"):
                yield cmd, "warning", nxt
            else:
                yield cmd, "ok", ""
            i += 1


def expected_text(message: str) -> str:
    """The part of a printed message the output must contain (up to an ellipsis)."""
    return message.split("…")[0].rstrip()


def main() -> int:
    govsim, source = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    fast = "--fast" in sys.argv[3:]
    pages = [source / "README.md"] + sorted((source / "docs").glob("*.md"))
    failures, ran, skipped = [], 0, 0
    with tempfile.TemporaryDirectory() as scratch:
        os.symlink(source / "scenarios", Path(scratch) / "scenarios")
        for page in pages:
            for cmd, expect, message in commands(page):
                if any(k in cmd for k in ELSEWHERE) or (fast and SLOW.search(cmd)):
                    skipped += 1
                    continue
                argv = shlex.split(cmd)
                argv[0] = str(govsim)
                if argv[1] in ("run", "compare", "check", "calibrate", "analyze", "staff") and "--quiet" not in argv:
                    argv.append("--quiet")
                r = subprocess.run(argv, cwd=scratch, capture_output=True, text=True, timeout=1800)
                ran += 1
                where = f"{page.relative_to(source)}: {cmd}"
                if expect == "error":
                    if r.returncode == 0:
                        failures.append(f"{where}\n  expected it to fail with: {message}")
                    elif expected_text(message) not in r.stderr:
                        failures.append(f"{where}\n  expected: {message}\n  got:      {r.stderr.strip()}")
                elif r.returncode != 0:
                    failures.append(f"{where}\n  failed ({r.returncode}): {r.stderr.strip()[:500]}")
                elif expect == "warning" and expected_text(message) not in r.stderr:
                    failures.append(f"{where}\n  expected the warning: {message}\n  got: {r.stderr.strip()[:500]}")
    print(f"{ran} documented commands run, {skipped} left to other tests" + (" or the slow set" if fast else ""))
    for f in failures:
        print("FAIL", f)
    return 1 if failures or ran == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
