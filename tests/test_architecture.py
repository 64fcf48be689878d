"""The architecture holds: contracts checked, no import cycles, no scikit-learn in web workers."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "habitory"
# The imports made inside functions, each for a reason other than dodging a cycle.
DEFERRED_IMPORTS = {
    # The factory: importing habitory.stats (a training child, a benchmark) must not load Flask's
    # blueprints and every area of the app.
    "habitory/__init__.py",
    # scikit-learn is loaded when a training or an ML command runs, never by a web worker.
    "habitory/jobs/tasks.py",
    "habitory/jobs/commands.py",
    # gunicorn reads its settings file first: the app is loaded only when the master starts.
    "habitory/gunicorn_conf.py",
}


def _lint_imports(*args: str) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).with_name("lint-imports")), *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_import_contracts_hold():
    result = _lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_broken_contract_fails_the_check(tmp_path):
    """The checker really reads our imports: a contract the code breaks is reported."""
    config = tmp_path / "contracts.toml"
    config.write_text(textwrap.dedent("""
        [tool.importlinter]
        root_package = "habitory"

        [[tool.importlinter.contracts]]
        name = "The domain may not use the models (it does: this must fail)"
        type = "forbidden"
        source_modules = ["habitory.domain"]
        forbidden_modules = ["habitory.models"]
    """))
    result = _lint_imports("--config", str(config))
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and "habitory.domain" in result.stdout


def _strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively: the groups of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_no_module_imports_itself_back():
    graph = grimp.build_graph("habitory", cache_dir=None)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        if module == "habitory":  # the factory is the composition root, above everything
            continue
        edges[module] = {m for m in graph.find_modules_directly_imported_by(module)
                         if m != "habitory" and not module.startswith(m + ".")}
    assert _strongly_connected(edges) == []


def test_imports_inside_functions_are_the_known_ones():
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                    isinstance(inner, ast.Import | ast.ImportFrom) for inner in ast.walk(node)):
                found.add(path.relative_to(ROOT).as_posix())
    assert found == DEFERRED_IMPORTS


WEB_WORKER = """
import json, sys
from habitory import create_app
from habitory.extensions import db
from habitory.models import Habit, User
app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": sys.argv[1],
                  "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                  "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "ML_BACKGROUND": False})
with app.app_context():
    import flask_migrate
    flask_migrate.upgrade()
client = app.test_client()
client.post("/register", data={"email": "w@example.com", "password": "long enough pw",
                               "confirm": "long enough pw", "timezone": "UTC"})
client.post("/habits", data={"name": "Read"})
with app.app_context():
    habit_id = db.session.scalar(db.select(Habit.id))
statuses = {}
for url in ("/", "/calendar", "/insights", f"/habits/{habit_id}", "/notifications",
            "/settings", "/settings/account", "/habits/archived"):
    statuses[url] = client.get(url).status_code
client.post(f"/habits/{habit_id}/toggle", data={}, headers={"HX-Request": "true"})
print(json.dumps({"statuses": statuses,
                  "loaded": sorted(m for m in ("sklearn", "scipy", "joblib")
                                   if m in sys.modules)}))
"""


def test_a_web_worker_that_served_every_page_has_not_loaded_scikit_learn(tmp_path):
    env = {**os.environ, "HABITORY_INSTANCE": str(tmp_path)}
    url = "sqlite:///" + str(tmp_path / "worker.sqlite3")
    result = subprocess.run([sys.executable, "-c", WEB_WORKER, url], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(report["statuses"].values()) == {200}, report
    assert report["loaded"] == []


@pytest.mark.parametrize("module", ["habitory.stats.strength", "habitory.rules.findings",
                                    "habitory.ml.model"])
def test_the_subsystems_import_without_flask(module):
    code = f"import sys, {module}; print('flask' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
