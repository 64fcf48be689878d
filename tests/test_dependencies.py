"""What the package imports is declared as a dependency."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules() -> dict[str, str]:
    """Top-level third-party modules imported anywhere in habitory/, with one file each."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "habitory").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != "habitory" and top not in sys.stdlib_module_names:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_third_party_import_is_a_declared_dependency():
    """An import that only works because another package pulls it in (scipy came with
    scikit-learn) breaks when that package changes its own requirements."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_normal(re.split(r"[\s<>=!~\[;]", spec, maxsplit=1)[0])
                for spec in project["dependencies"]}
    distributions = packages_distributions()
    missing = {module: where for module, where in _imported_modules().items()
               if not {_normal(d) for d in distributions.get(module, [module])} & declared}
    assert not missing, f"imported but not in [project] dependencies: {missing}"
