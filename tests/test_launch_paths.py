"""The three places a chapter runs besides a clone: Colab (simulated offline),
Binder (the repository is its own environment) and plain downloads."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import types

import pytest
import yaml
from conftest import ROOT, chapter_notebooks, read_notebook

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPOSITORY = CONFIG["repository"]["url"].rstrip("/")


def first_code_cell(path) -> str:
    return "".join(
        next(c for c in read_notebook(path)["cells"] if c["cell_type"] == "code")["source"]
    )


SETUP_CELLS = {path.name: first_code_cell(path) for path in chapter_notebooks()}


class FakeShell:
    def __init__(self):
        self.magics = []

    def run_line_magic(self, name, line):
        self.magics.append((name, line))


def run_setup(source: str, in_colab: bool, monkeypatch) -> FakeShell:
    shell = FakeShell()
    if in_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(
        compile(source, "setup-cell", "exec"),
        {"get_ipython": lambda: shell, "__name__": "__main__"},
    )
    return shell


def test_every_chapter_starts_with_the_same_colab_setup_cell():
    assert len(set(SETUP_CELLS.values())) == 1, "the Colab setup cells differ between chapters"
    assert 'if "google.colab" in sys.modules:' in next(iter(SETUP_CELLS.values()))


@pytest.mark.parametrize("name", sorted(SETUP_CELLS))
def test_setup_cell_installs_the_helper_package_only_in_colab(name, monkeypatch, capsys):
    source = SETUP_CELLS[name]
    assert run_setup(source, in_colab=False, monkeypatch=monkeypatch).magics == []
    assert capsys.readouterr().out == ""
    shell = run_setup(source, in_colab=True, monkeypatch=monkeypatch)
    assert len(shell.magics) == 1
    magic, line = shell.magics[0]
    assert magic == "pip" and line.startswith("install")
    assert f"'bookkit @ git+{REPOSITORY}@{CONFIG['repository']['branch']}'" in line
    assert "installed the book's helper package" in capsys.readouterr().out


def test_setup_cell_stops_with_one_sentence_when_a_requirement_is_missing(monkeypatch):
    """A kernel without the book's requirements (a hub set up without requirements.txt) stops at
    the first cell, naming what is missing and what to install, not in a later cell's traceback."""
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "ipywidgets" else real(name)
    )
    with pytest.raises(Exception) as stopped:
        run_setup(next(iter(SETUP_CELLS.values())), in_colab=False, monkeypatch=monkeypatch)
    message = str(stopped.value)
    assert "ipywidgets not installed" in message and "pandas" not in message, message
    assert "pip install -r requirements.txt" in message and "JupyterHub" in message, message
    assert stopped.value._render_traceback_() == [message]  # IPython prints only the sentence


def test_helper_package_installs_on_its_own_and_reads_the_published_data(tmp_path):
    """What Colab gets: bookkit without the repository; its data fall back to the published copy."""
    # Install from a copy: setuptools writes build/ and *.egg-info/ next to the sources.
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copytree(
        ROOT / "bookkit", source / "bookkit", ignore=shutil.ignore_patterns("__pycache__")
    )
    target = tmp_path / "site-packages"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    # Python with only that folder added: the repository's editable install must not be found first.
    probe = "import bookkit.data as d; print(d.__file__.startswith(sys.argv[1]), d.data_location())"
    result = subprocess.run(
        [sys.executable, "-c", "import sys; " + probe, str(target)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
        env={**os.environ, "PYTHONPATH": str(target)},
    )
    import bookkit.data

    assert result.stdout.strip() == f"True {bookkit.data.PUBLISHED_DATA_URL}"


def test_binder_finds_its_environment_at_the_root():
    assert (ROOT / "requirements.txt").is_file()
    assert (ROOT / "runtime.txt").read_text().strip().startswith("python-3.")
    assert CONFIG["launch_buttons"]["binderhub_url"] and CONFIG["launch_buttons"]["colab_url"]


def test_chapter_pages_offer_the_notebook_and_launch_buttons(built_book):
    from bs4 import BeautifulSoup
    from conftest import HTML

    for path in chapter_notebooks():
        page = BeautifulSoup(
            (HTML / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8"), "html.parser"
        )
        links = [a.get("href", "") for a in page.find_all("a")]
        assert any(h.endswith(f"_sources/chapters/{path.name}") for h in links), (
            "no .ipynb download"
        )
        assert any(h.startswith("https://mybinder.org/v2/gh/") and path.name in h for h in links), (
            "no Binder button"
        )
        assert any(
            h.startswith("https://colab.research.google.com/github/") and path.name in h
            for h in links
        ), "no Colab button"
        assert any(h.startswith("../data/") and h.endswith(".csv") for h in links), (
            "no data download link"
        )
