"""Without npm the book must still build, and say clearly that its pages with
maths will load MathJax from a public CDN."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import ROOT

LOCAL_ONLY = shutil.ignore_patterns(
    ".git", ".venv", "venv", "_build", "_vendor", "node_modules", "__pycache__", ".pytest_cache"
)


def test_build_without_npm_falls_back_to_cdn_with_a_notice(built_book, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(ROOT, book, ignore=LOCAL_ONLY)
    # The main build's execution cache and its stamps: this build executes no notebook.
    shutil.copytree(ROOT / "_build" / ".jupyter_cache", book / "_build" / ".jupyter_cache")
    for stamp in ["inputs.sha256", "executed.sha256"]:
        shutil.copy2(ROOT / "_build" / stamp, book / "_build" / stamp)
    # A PATH with the virtual environment's programs only: no npm, no node.
    env = dict(os.environ, PATH=os.path.dirname(sys.executable))
    result = subprocess.run(
        [sys.executable, "tools/build_book.py"],
        cwd=book,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "nothing to execute" in output
    assert "NOTICE: npm was not found" in output
    assert "pages with maths will load MathJax from a public CDN" in output
    chapter = next((book / "_build" / "html" / "chapters").glob("01-*.html")).read_text(
        encoding="utf-8"
    )
    assert "cdn.jsdelivr.net/npm/mathjax" in chapter and "_static/mathjax/" not in chapter


def test_build_without_the_requirements_says_what_to_install():
    # -S: no site-packages, as on a machine where the requirements were never installed.
    result = subprocess.run(
        [sys.executable, "-S", "tools/build_book.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "install the requirements first (pip install -r requirements.txt)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_change_to_the_helper_package_or_the_data_changes_the_inputs_digest(
    tmp_path, monkeypatch
):
    """The build starts from scratch when this digest changes: the execution cache alone
    would keep outputs made with the old helper package or the old data."""
    import build_book

    shutil.copytree(ROOT / "bookkit", tmp_path / "bookkit")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.setattr(build_book, "ROOT", tmp_path)

    first = build_book.inputs_digest()
    assert build_book.inputs_digest() == first
    with open(tmp_path / "bookkit" / "chapters" / "ch01.py", "a", encoding="utf-8") as handle:
        handle.write("\n# changed\n")
    second = build_book.inputs_digest()
    assert second != first
    with open(tmp_path / "data" / "events.csv", "a", encoding="utf-8") as handle:
        handle.write("\n")
    assert build_book.inputs_digest() not in (first, second)
