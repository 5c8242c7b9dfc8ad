"""House rules that must not drift: dependency direction, module docstrings, documented recipes and settings."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "codesign"

# Who may import whom (architecture.md): accounts → councils → scenarios → …; web and i18n know no domain.
DOMAIN_ORDER = [
    "accounts", "notifications", "councils", "scenarios", "deliberation", "review", "voting", "listening", "library",
]
NEUTRAL = {"web", "i18n"}


def all_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def imports_of(path: Path) -> set[str]:
    return {name for name in all_imports(path) if name.startswith("codesign.")}


def python_files() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "piccolo_migrations" not in p.parts]


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_dependencies_point_one_way(path: Path):
    package = path.relative_to(PACKAGE).parts[0]
    for name in imports_of(path):
        target = name.split(".")[1]
        if package in NEUTRAL:
            assert target not in DOMAIN_ORDER, f"{path} ({package}) imports domain {name}"
        if package in DOMAIN_ORDER and target in DOMAIN_ORDER:
            assert DOMAIN_ORDER.index(target) <= DOMAIN_ORDER.index(package), f"{path} imports {name}"


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_says_what_it_is_for(path: Path):
    if path.stat().st_size == 0:
        return
    assert ast.get_docstring(ast.parse(path.read_text())), f"{path} has no docstring"


def test_services_never_import_litestar():
    for path in PACKAGE.rglob("services.py"):
        assert not any(name.startswith("litestar") for name in all_imports(path)), path


def test_every_just_recipe_has_a_comment():
    lines = (ROOT / "justfile").read_text().splitlines()
    for number, line in enumerate(lines):
        if re.match(r"^[a-z][\w-]*( [^:=]*)?:( |$)", line) and not line.startswith("set "):
            assert lines[number - 1].startswith("# "), f"recipe without a comment: {line}"


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    source = (PACKAGE / "settings.py").read_text()
    for variable in set(re.findall(r'"(CODESIGN_[A-Z_]+)"', source)):
        assert variable in readme, f"{variable} is not in README.md"


def test_readme_lists_the_demo_accounts():
    from codesign.demo import DEMO_INVITATION, DEMO_PASSWORD, PEOPLE

    readme = (ROOT / "README.md").read_text()
    assert DEMO_PASSWORD in readme and DEMO_INVITATION in readme
    for person in PEOPLE:
        assert f"`{person.username}`" in readme
