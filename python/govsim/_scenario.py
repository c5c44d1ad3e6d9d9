"""Scenarios as editable documents: load, read and change values by path, validate, save."""
from __future__ import annotations

import copy
import json
import math
import os
from typing import Any

from . import _core


def _split(path: str) -> list[str]:
    """'a.b.0.c' or the JSON pointer '/a/b/0/c' as a list of keys."""
    if path.startswith("/"):
        return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]
    return path.split(".")


def _pointer(keys: list[str]) -> str:
    return "/" + "/".join(k.replace("~", "~0").replace("/", "~1") for k in keys)


def _check_json_value(value: Any, file: str, where: str) -> None:
    """Refuses what JSON cannot carry (NaN, infinity, lone surrogates, non-string keys), naming the
    path, as the core would refuse a bad value: a ScenarioError rather than a bare error later."""
    stack = [(value, where)]
    while stack:
        v, at = stack.pop()
        if isinstance(v, float) and not math.isfinite(v):
            raise _core.ScenarioError(f"{file}: {at or '/'}: expected a finite number, got {v}")
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                raise _core.ScenarioError(f"{file}: {at or '/'}: expected a string of valid Unicode "
                                          f"(no lone surrogates), got {ascii(v[:40])}") from None
        elif isinstance(v, dict):
            for k, x in v.items():
                if not isinstance(k, str):
                    raise _core.ScenarioError(f"{file}: {at or '/'}: expected string keys, got {k!r}")
                _check_json_value(k, file, at)
                stack.append((x, at + _pointer([k])))
        elif isinstance(v, (list, tuple)):
            stack.extend((x, f"{at}/{i}") for i, x in enumerate(v))


class Scenario:
    """A scenario file's JSON document, editable in place and checked by the core on validate()
    and on every run. `file` names it in error messages."""

    def __init__(self, doc: dict, file: str = "<scenario>"):
        if not isinstance(doc, dict):
            raise _core.ScenarioError(f"{file}: : expected a JSON object, got {type(doc).__name__}")
        self.doc = doc
        self.file = file

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Scenario":
        """Reads a scenario file (ScenarioError if it is missing or not JSON)."""
        path = os.fspath(path)
        return cls(json.loads(_core.read_scenario_text(path)), path)

    def save(self, path: str | os.PathLike) -> None:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.doc, f, indent=2, ensure_ascii=False)
            f.write("\n")

    def copy(self) -> "Scenario":
        return Scenario(copy.deepcopy(self.doc), self.file)

    def get(self, path: str, default: Any = None) -> Any:
        """The value at a dotted path ('run.seed') or JSON pointer ('/run/seed'), or `default`."""
        node: Any = self.doc
        for key in _split(path):
            if isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            elif isinstance(node, dict) and key in node:
                node = node[key]
            else:
                return default
        return node

    def set(self, path: str, value: Any) -> "Scenario":
        """Sets the value at a dotted path or JSON pointer, creating missing object members
        on the way (more lenient than `--set`, which needs the parent to exist). Returns the scenario, so calls can be chained."""
        keys = _split(path)
        _check_json_value(value, self.file, _pointer(keys))
        node: Any = self.doc
        for i, key in enumerate(keys):
            last = i == len(keys) - 1
            where = _pointer(keys[: i + 1])
            if isinstance(node, list):
                if not (key.isdigit() and int(key) < len(node)):
                    raise _core.ScenarioError(f"{self.file}: {where}: expected an index of an existing array element, got '{key}'")
                if last:
                    node[int(key)] = copy.deepcopy(value)
                else:
                    node = node[int(key)]
            elif isinstance(node, dict):
                if last:
                    node[key] = copy.deepcopy(value)
                else:
                    node = node.setdefault(key, {})
            else:
                raise _core.ScenarioError(f"{self.file}: {_pointer(keys[:i])}: expected an object or array to set '{key}' in")
        return self

    def __getitem__(self, path: str) -> Any:
        """sc["run.seed"] or sc["/run/seed"]: the value at a path; KeyError if there is none."""
        missing = object()
        value = self.get(path, missing)
        if value is missing:
            raise KeyError(path)
        return value

    def __setitem__(self, path: str, value: Any) -> None:
        """sc["staff.grid_worker.per_households"] = 250: the same as set()."""
        self.set(path, value)

    def validate(self) -> dict:
        """Checks the scenario as `govsim validate` does; returns what it describes (units,
        households, staff, ...). Raises ScenarioError with the command line's message."""
        return _core.validate(self.text(), self.file)

    def text(self) -> str:
        """The document as JSON text (ScenarioError if it holds what JSON cannot carry)."""
        _check_json_value(self.doc, self.file, "")
        return json.dumps(self.doc)

    @property
    def name(self) -> str:
        return self.doc.get("name", "")

    def __repr__(self) -> str:
        return f"Scenario({self.name!r}, file={self.file!r})"
