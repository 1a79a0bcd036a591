"""tools/build_data.py rebuilds data/ from data/raw and data/book alone: the rebuilt
files are byte-identical to the committed ones, a changed input shows up as a
difference that names the file and the line, and a build that fails writes nothing."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import build_data
import pytest
from conftest import DATA, ROOT

TOOLS = ["build_data.py", "refresh_worldbank.py", "own_words.py"]


def differences(built: Path, committed: Path) -> list[str]:
    """One line for each curated file (the CSVs and datapackage.json) that differs between
    two data folders, with its first differing lines."""
    names = sorted(
        {p.name for p in committed.glob("*.csv")} | {p.name for p in built.glob("*.csv")}
    )
    problems = []
    for name in [*names, "datapackage.json"]:
        if not (built / name).is_file() or not (committed / name).is_file():
            where = "committed" if (committed / name).is_file() else "built"
            problems.append(f"{name}: only {where}")
            continue
        old = (committed / name).read_text(encoding="utf-8").splitlines()
        new = (built / name).read_text(encoding="utf-8").splitlines()
        if old != new or (committed / name).read_bytes() != (built / name).read_bytes():
            changed = [
                line
                for line in difflib.unified_diff(old, new, n=0, lineterm="")
                if line[:1] in "+-" and line[:3] not in ("---", "+++")
            ]
            problems.append(
                f"{name}: {len(old)} committed lines, {len(new)} rebuilt, {len(changed)} lines "
                f"differ; first: {' | '.join(changed[:4]) or 'line endings or encoding'}"
            )
    return problems


def test_build_data_reproduces_the_committed_data(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_data.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    problems = differences(tmp_path, DATA)
    assert not problems, (
        "data/ is not what tools/build_data.py makes from data/raw and data/book: run it and "
        "commit the result, or fix the input.\n" + "\n".join(problems)
    )


@pytest.fixture
def source(tmp_path) -> Path:
    """A copy of the data folder, inputs included, to plant changes in."""
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data"


@pytest.mark.parametrize(
    "input_file, old, new, changed_file, changed_line",
    [
        (
            "raw/fx_usd_monthly_fred.csv",
            "JPN,Japan,EXJPUS,1971-01,358.02,",
            "JPN,Japan,EXJPUS,1971-01,359.02,",
            "exchange_rates_monthly.csv",
            "+JPY,JPN,1971-01-01,359.02,EXJPUS",
        ),
        (
            "book/claims.yaml",
            "claim: China announced the Belt and Road in 2013.",
            "claim: China launched the Belt and Road in 2013.",
            "essay_claims.csv",
            "+1,Abstract,1,China launched the Belt and Road in 2013.",
        ),
    ],
    ids=["raw-extract", "book-wording"],
)
def test_a_changed_input_shows_up_as_a_difference(
    source, tmp_path, input_file, old, new, changed_file, changed_line
):
    path = source / input_file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    out = tmp_path / "out"
    build_data.write(build_data.build(source), source, out)
    problems = differences(out, DATA)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{changed_file}: ") and changed_line in problems[0]


def test_a_build_that_fails_a_schema_writes_nothing(source, tmp_path):
    path = source / "raw" / "fx_usd_monthly_fred.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("JPN,Japan,EXJPUS,1971-01,358.02,", "JPN,Japan,EXJPUS,1971-01,-1,")
    )
    out = tmp_path / "out"
    with pytest.raises(ValueError) as error:
        build_data.write(build_data.build(source), source, out)
    message = str(error.value)
    assert message.startswith("exchange_rates_monthly does not pass its schema in datapackage.json")
    assert "exchange_rates_monthly.csv: column 'lcu_per_usd'" in message and "'-1.0'" in message
    assert not out.exists()


def test_command_line_reports_a_bad_input_without_traceback(source):
    """The command line rebuilds the repository's own data/ only, so run a copy of the tools."""
    tools = source.parent / "tools"
    shutil.copytree(ROOT / "tools", tools, ignore=shutil.ignore_patterns("__pycache__"))
    claims = source / "book" / "claims.yaml"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(
            "\n  verdict: imprecise", "\n  verdict: so-so", 1
        ),
        encoding="utf-8",
    )
    before = (source / "essay_claims.csv").read_bytes()
    result = subprocess.run(
        [sys.executable, str(tools / "build_data.py")], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Build stopped, no file was written: claims.yaml, claim 2:")
    assert "verdict 'so-so' is not one of" in result.stderr and "Traceback" not in result.stderr
    assert (source / "essay_claims.csv").read_bytes() == before


@pytest.mark.parametrize("folder", ["raw", "book"])
def test_every_input_is_documented_and_used(folder):
    """Each input file has its entry (publisher, licence, provenance) in the folder's README,
    every file the README lists is there, and the build or the refresh reads each one."""
    readme = (DATA / folder / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+)` \|", readme, flags=re.MULTILINE))
    present = {p.name for p in (DATA / folder).iterdir()} - {"README.md"}
    assert listed == present, f"listed only: {listed - present}; present only: {present - listed}"
    code = "".join((ROOT / "tools" / n).read_text(encoding="utf-8") for n in TOOLS)
    unread = sorted(n for n in present if n not in code and Path(n).stem not in code)
    assert not unread, f"no tool reads {unread}"
