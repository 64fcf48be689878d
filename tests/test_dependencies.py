"""What the package imports is declared, and a web worker stays free of the heavy libraries."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
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


# A worker that serves the dashboard, Insights, exports and an import preview. pandas costs
# a web worker about 32 MB of RSS and scikit-learn more (benchmarks/README.md, "pandas: where
# it is used and why"); both belong to the training process.
WORKER = textwrap.dedent("""
    import sys
    from datetime import date, timedelta

    import flask_migrate

    from habitory import create_app
    from habitory.extensions import db
    from habitory.models import CheckIn, Habit, User

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": sys.argv[1],
                      "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1] + "/w.sqlite3",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "SCHEDULER_ENABLED": False, "ML_BACKGROUND": False})
    with app.app_context():
        flask_migrate.upgrade()
        user = User(email="w@example.com", timezone="UTC")
        user.set_password("a long enough password")
        db.session.add(user)
        db.session.flush()
        habit = Habit(user_id=user.id, position=1, created_on=date.today() - timedelta(400))
        habit.rename("Walk")
        db.session.add(habit)
        db.session.flush()
        db.session.add_all(CheckIn(habit_id=habit.id, day=date.today() - timedelta(i),
                                   state="done") for i in range(0, 400, 2))
        db.session.commit()
        habit_id = habit.id
    client = app.test_client()
    client.post("/login", data={"email": "w@example.com", "password": "a long enough password"})
    pages = ["/", "/insights", "/calendar", f"/habits/{habit_id}", "/settings",
             "/settings/export?format=json", "/settings/export?format=csv",
             "/settings/export?format=loop"]
    loop_zip = b""
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        loop_zip = response.get_data()
    from habitory.portability import read_import
    assert read_import(loop_zip).checkin_count == 200
    print(" ".join(sorted({"pandas", "sklearn", "scipy"} & set(sys.modules))))
""")


def test_a_web_worker_does_not_load_pandas_scikit_learn_or_scipy(tmp_path):
    result = subprocess.run([sys.executable, "-c", WORKER, str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "", f"a web worker loaded: {result.stdout.strip()}"
