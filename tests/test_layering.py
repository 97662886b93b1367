"""Imports go one way: storage is the floor, checks stand alone, scheduler wires, nothing imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"storage", "crawler", "checks", "scheduler", "reports", "fixtures"}
ALLOWED = {
    "storage": {"storage"},
    "checks": {"checks"},
    "crawler": {"crawler", "storage"},
    "reports": {"reports", "storage", "checks"},
    "fixtures": {"fixtures"},
    "scheduler": OURS,
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & OURS


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_go_one_way(package: str) -> None:
    wrong = {
        str(path.relative_to(ROOT)): sorted(_imports(path) - ALLOWED[package])
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and _imports(path) - ALLOWED[package]
    }
    assert wrong == {}
