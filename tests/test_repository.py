"""Repository hygiene: pinned dependencies, the README's commands are the ones
CI runs, and nothing generated is committed."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT, toc_pages

README = (ROOT / "README.md").read_text(encoding="utf-8")
BUILD_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && "
    ".venv/bin/python tools/build_book.py"
)
TEST_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt -r requirements-test.txt "
    "-r requirements-hub.txt && npm ci --prefix hub && "
    ".venv/bin/python -m pytest -n 2 --dist loadfile"
)


def test_readme_gives_the_two_commands():
    assert BUILD_COMMAND in README
    assert TEST_COMMAND in README


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"#   {TEST_COMMAND}" in ci, "quote the README's test command in .ci/run"
    for step in [
        "python3 -m venv .venv",
        "-r requirements.txt -r requirements-test.txt -r requirements-hub.txt",
        "npm ci --prefix hub",
        ".venv/bin/python -m pytest -n 2 --dist loadfile",
    ]:
        assert re.search(rf"^stage .*{re.escape(step)}", ci, re.M), f".ci/run does not run: {step}"


@pytest.mark.parametrize(
    "name", ["requirements.txt", "requirements-test.txt", "requirements-hub.txt"]
)
def test_python_dependencies_are_pinned(name):
    lines = [
        line.split("#")[0].strip()
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines()
    ]
    # The book's own package, from this repository, is the one unpinned line.
    requirements = [line for line in lines if line and line != "-e ."]
    assert requirements
    pinned = r'[A-Za-z0-9._-]+==[0-9][0-9A-Za-z.]*(; python_version [<>]=? "3\.\d+")?'
    assert all(re.fullmatch(pinned, line) for line in requirements), requirements
    if name == "requirements.txt":
        assert any(re.fullmatch(r"jupyter-book==1\.[0-9.a-z]+", line) for line in requirements)


@pytest.mark.parametrize("folder", ["", "hub"])
def test_javascript_is_pinned_by_the_lockfile(folder):
    wanted = json.loads((ROOT / folder / "package.json").read_text(encoding="utf-8"))[
        "dependencies"
    ]
    lock = json.loads((ROOT / folder / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name}: pin an exact version"
        entry = lock[f"node_modules/{name}"]
        assert entry["version"] == version and entry["integrity"].startswith("sha512-")


def test_generated_files_are_not_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    files = tracked.stdout.splitlines()
    generated = [
        f
        for f in files
        if f.startswith(("_build/", "_vendor/", "node_modules/", ".venv/", "chapters/build/"))
        or ".egg-info/" in f
        or "__pycache__/" in f
    ]
    assert not generated
    # Every committed notebook is a page of the book: no scratch notebooks.
    pages = {f"{page}.ipynb" for page in toc_pages()}
    stray = [
        f for f in files if f.endswith(".ipynb") and f not in pages and not f.startswith("tests/")
    ]
    assert not stray, f"notebooks that are not in _toc.yml: {stray}"


@pytest.mark.parametrize(
    "command",
    [["check", "."], ["format", "--check", "."]],
    ids=["ruff check", "ruff format"],
)
def test_code_and_notebooks_pass_the_linter(command):
    """ruff lints and formats the Python and the notebooks' code (settings in pyproject.toml)."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
