"""The data package (``data/datapackage.json``): its own soundness, and each table's description.

The package is the contract: each table's fields, types, required cells,
allowed values and references are read from it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

from . import paths
from .errors import DataError, Problem

TYPES = ("string", "integer", "number")

PACKAGE = "data/datapackage.json"


def _json_line(text: str, needle: str, after: int = 0) -> int | None:
    """The line of the first occurrence of ``needle`` (from offset ``after``) in the JSON text, or None."""
    at = text.find(needle, max(after, 0))
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _field_problems(fields, where: str, text: str, names: set[str], after: int = 0) -> list[Problem]:
    problems: list[Problem] = []

    def add(message: str, needle: str | None = None, key: str | None = None) -> None:
        line = _json_line(text, needle, after) if needle else None
        problems.append(Problem(PACKAGE, line, key, f"{where}: {message}"))

    if not isinstance(fields, list) or not fields:
        add("schema.fields must be a list of fields, each like {\"name\": \"id\", \"type\": \"string\"}.",
            None, "fields")
        return problems
    seen: set[str] = set()
    for n, fld in enumerate(fields, start=1):
        if not isinstance(fld, dict) or not isinstance(fld.get("name"), str) or not fld.get("name"):
            add(f"field no. {n} has no name. Write each field as {{\"name\": \"...\", \"type\": \"string\"}}.",
                None, "name")
            continue
        name = fld["name"]
        needle = f'"name": "{name}"'
        if name in seen:
            add(f"the field {name!r} is described twice. Remove one.", needle, "name")
        seen.add(name)
        if fld.get("type", "string") not in TYPES:
            add(f"the field {name!r} has type {fld.get('type')!r}; use one of: {', '.join(TYPES)}.", needle, "type")
        cons = fld.get("constraints", {})
        if not isinstance(cons, dict):
            add(f"the constraints of {name!r} must be an object, e.g. {{\"required\": true}}.", needle, "constraints")
            continue
        if "required" in cons and not isinstance(cons["required"], bool):
            add(f"'required' of {name!r} must be true or false (no quotes).", needle, "required")
        enum = cons.get("enum")
        if enum is not None and (not isinstance(enum, list) or not enum or not all(isinstance(v, str) for v in enum)):
            add(f"the allowed values ('enum') of {name!r} must be a list of texts, e.g. [\"output\", \"target\"], "
                "not one text.", needle, "enum")
        pattern = cons.get("pattern")
        if pattern is not None:
            try:
                re.compile(pattern if isinstance(pattern, str) else "(")
            except re.error as err:
                add(f"the pattern of {name!r} is not a valid regular expression ({err}).", needle, "pattern")
        ref = fld.get("references")
        if ref is not None and (not isinstance(ref, dict) or ref.get("resource") not in names):
            add(f"the field {name!r} refers to {ref!r}, which is not a table of the package. Write "
                "\"references\": {\"resource\": \"<table name>\"}.", needle, "references")
        for key in ("verbatimIn", "notBefore"):
            if key in fld and fld[key] not in [f.get("name") for f in fields if isinstance(f, dict)]:
                add(f"'{key}' of {name!r} names {fld[key]!r}, which is not a field of this table.", needle, key)
    return problems


def package_problems(data_dir: Path | str | None = None) -> list[Problem]:
    """Every fault in ``datapackage.json`` itself, one problem each (an empty list when it is sound)."""
    data_dir = paths.data_dir(data_dir)
    path = data_dir / "datapackage.json"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [Problem(PACKAGE, None, None, "not found. The data folder must hold datapackage.json; "
                        "restore it from the course's repository.")]
    except OSError as err:
        return [Problem(PACKAGE, None, None, f"cannot be read ({err.strerror}).")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return [Problem(PACKAGE, raw.count(b"\n", 0, err.start) + 1, None,
                        f"is not UTF-8 text ({err.reason}). Save it as UTF-8.")]
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        return [Problem(PACKAGE, err.lineno, None, f"not valid JSON ({err.msg}). Check the commas, quotes and "
                        "brackets near that line.")]
    if not isinstance(doc, dict) or not isinstance(doc.get("resources"), list) or not doc["resources"]:
        return [Problem(PACKAGE, None, "resources", "there is no list of \"resources\" (the tables). "
                        "Restore the file from the course's repository.")]
    problems: list[Problem] = []
    names = {r["name"] for r in doc["resources"] if isinstance(r, dict) and isinstance(r.get("name"), str)}
    seen: set[str] = set()
    for n, res in enumerate(doc["resources"], start=1):
        if not isinstance(res, dict):
            problems.append(Problem(PACKAGE, None, "resources", f"resource no. {n} is not an object {{...}}."))
            continue
        name = res.get("name")
        if not isinstance(name, str) or not name:
            problems.append(Problem(PACKAGE, None, "name", f"resource no. {n} has no \"name\"."))
            continue
        needle, where = f'"name": "{name}"', f"the resource {name!r}"
        if name in seen:
            problems.append(Problem(PACKAGE, _json_line(text, needle), "name", f"{where} is described twice."))
        seen.add(name)
        rel = res.get("path")
        if not isinstance(rel, str) or not _inside(rel):
            problems.append(Problem(PACKAGE, _json_line(text, needle), "path",
                                    f"{where} has the path {rel!r}. A path must name a file inside the data folder, "
                                    "e.g. \"figures.csv\" (no '..', no folder above it, no absolute path)."))
        if "schema" in res:
            if not isinstance(res["schema"], dict):
                problems.append(Problem(PACKAGE, _json_line(text, needle), "schema",
                                        f"{where}: the schema must be an object with \"fields\"."))
                continue
            problems += _field_problems(res["schema"].get("fields"), where, text, names, text.find(needle))
            trio = res["schema"].get("numberOrRange")
            names_here = [f.get("name") for f in res["schema"].get("fields") or [] if isinstance(f, dict)]
            if trio is not None and (not isinstance(trio, list) or len(trio) != 3
                                     or not all(t in names_here for t in trio)):
                problems.append(Problem(PACKAGE, _json_line(text, needle), "numberOrRange",
                                        f"{where}: numberOrRange must name three of its fields: value, low, high."))
            key = res["schema"].get("primaryKey", [])
            fields = [f.get("name") for f in res["schema"].get("fields") or [] if isinstance(f, dict)]
            if not isinstance(key, list) or not all(k in fields for k in key):
                problems.append(Problem(PACKAGE, _json_line(text, needle), "primaryKey",
                                        f"{where}: primaryKey must be a list of its fields, e.g. [\"id\"]."))
    if "memo" not in names:
        problems.append(Problem(PACKAGE, None, "resources", "there is no resource named 'memo' (the memo's text)."))
    return problems


def _inside(rel: str) -> bool:
    """True when a resource path names a file inside the data folder (no '..', not absolute)."""
    if not rel or "\\" in rel or "\x00" in rel or re.match(r"^[A-Za-z]:", rel) or "://" in rel:
        return False
    pure = PurePosixPath(rel)
    return bool(pure.parts) and not pure.is_absolute() and ".." not in pure.parts


def _package(data_dir: Path) -> dict:
    problems = package_problems(data_dir)
    if problems:
        listed = "\n".join(f"- {p}" for p in problems)
        raise DataError(f"{data_dir / 'datapackage.json'} has {len(problems)} problem(s):\n{listed}")
    return json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8-sig"))


def resource(name: str, data_dir: Path | str | None = None) -> dict:
    """Return the data package's description of one table (or the memo)."""
    package = _package(paths.data_dir(data_dir))
    for res in package["resources"]:
        if res["name"] == name:
            return res
    names = ", ".join(r["name"] for r in package["resources"] if "schema" in r)
    raise DataError(f"There is no table called {name!r}. The tables are: {names}.")


def table_names(data_dir: Path | str | None = None) -> list[str]:
    """Names of the tables (CSV resources) in the data package, in its order."""
    return [r["name"] for r in _package(paths.data_dir(data_dir))["resources"] if "schema" in r]


def allowed_values(table: str, field: str, data_dir: Path | str | None = None) -> list[str]:
    """The values the data package allows in one field (its ``enum``), in the package's order; ``[]`` if any.

    Charts colour by this list, so that a kind keeps its colour in every chart whichever rows are shown.
    """
    for fld in resource(table, data_dir)["schema"]["fields"]:
        if fld["name"] == field:
            return list(fld.get("constraints", {}).get("enum", []))
    raise DataError(f"The table {table!r} has no field {field!r} in data/datapackage.json.")


def shown_path(res: dict) -> str:
    return f"data/{res['path']}"


def resource_file(res: dict, data_dir: Path) -> Path:
    return data_dir / res["path"]
