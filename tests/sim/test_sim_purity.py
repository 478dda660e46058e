"""game.sim is a pure core: no pygame, no clock, no files, no content models, no global random state."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.sim.conftest import ROOT

SIM = ROOT / "game" / "sim"
FORBIDDEN = {"pygame", "time", "datetime", "os", "pathlib", "io", "sys", "socket", "subprocess", "shutil",
             "tempfile", "threading", "asyncio", "json", "yaml", "pydantic", "platformdirs", "logging"}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, 0
        elif isinstance(node, ast.ImportFrom):
            yield (node.module or ""), [a.name for a in node.names], node.level


def test_sim_modules_import_nothing_that_does_io():
    for path in sorted(SIM.glob("*.py")):
        for module, names, level in _imports(path):
            if level:  # relative: inside game.sim
                continue
            top = module.split(".")[0]
            assert top not in FORBIDDEN, (path.name, module)
            assert not module.startswith("game.content") and not module.startswith("game.ui"), (path.name, module)
            if top == "random":
                assert names == ["Random"], (path.name, names)


def test_no_global_random_functions_or_clock_calls():
    for path in sorted(SIM.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                assert node.value.id not in ("random", "time", "os"), (path.name, node.attr)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("open", "print", "input", "hash", "id"), (path.name, node.func.id)


def test_importing_the_simulation_loads_no_pygame_and_no_content():
    code = ("import sys, game.sim; bad = [m for m in sys.modules if m.split('.')[0] in ('pygame', 'pydantic', 'yaml')"
            " or m.startswith('game.content')]; print(bad)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
