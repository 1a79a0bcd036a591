"""The book on a school JupyterHub, end to end on 127.0.0.1.

A real JupyterHub (hub/jupyterhub_config.py: any name logs in, local-process
spawner, nbgitpuller and the idle culler) serves students who follow the link
Jupyter Book's JupyterHub launch button makes, pointed at a bare copy of this
repository's committed HEAD instead of its online address. In headless Chromium
(tools/jupyterlab_driver.py) the chapter must open in JupyterLab, run top to bottom
and redraw its first widget. Failures must each give a clear message: a wrong
link, a kernel that dies, a server culled while idle, a hub without the book's
requirements. Pulling again must keep a student's own edits.

Needs requirements-hub.txt, the hub's proxy (``npm ci --prefix hub``), git and
Chromium; without them the tests are skipped with the reason, except where
BOOK_REQUIRE_BROWSER=1 (CI), where that is a failure. Every hub is stopped, with
everything it started, when its fixture ends, even after a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import venv
from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import nbformat
import pytest
import requests
import yaml
from conftest import ROOT, chapter_notebooks, read_notebook
from jupyterlab_driver import JupyterLab
from localhub import (
    BOOK_REPO_NAME,
    LocalHub,
    missing_requirements,
    nbgitpuller_link,
    publish_repository,
)

pytestmark = pytest.mark.hub

CHAPTER = chapter_notebooks()[0]
CHAPTER_PATH = CHAPTER.relative_to(ROOT).as_posix()  # e.g. chapters/01-....ipynb
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
BOOK_MODULES = ["pandas", "numpy", "matplotlib", "ipywidgets"]  # what a bare kernel lacks


def first_code_cell(path: Path) -> str:
    return "".join(
        next(c for c in read_notebook(path)["cells"] if c["cell_type"] == "code")["source"]
    )


SETUP_CELL = first_code_cell(CHAPTER)  # the Colab install, then the requirements check


@pytest.fixture(scope="module", autouse=True)
def hub_can_run():
    reason = missing_requirements()
    if reason:
        reason = f"A local JupyterHub cannot run here: {reason}."
        if os.environ.get("BOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " BOOK_REQUIRE_BROWSER=1, so this is a failure.")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def book_repo(tmp_path_factory) -> str:
    return publish_repository(ROOT, tmp_path_factory.mktemp("published"))


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    with LocalHub(tmp_path_factory.mktemp("hub")) as running:
        yield running


def jupyter_book_hub_link(hub_url: str, page: str) -> str:
    """The JupyterHub launch link Jupyter Book puts on a chapter's page once _config.yml sets
    launch_buttons.jupyterhub_url, made by the book theme's own code from _config.yml."""
    from jupyter_book.config import yaml_to_sphinx
    from sphinx_book_theme.header_buttons import update_context_with_repository_info
    from sphinx_book_theme.header_buttons.launch import add_launch_buttons

    config = {**CONFIG, "launch_buttons": {**CONFIG["launch_buttons"], "jupyterhub_url": hub_url}}
    sphinx, overrides, _ = yaml_to_sphinx(config)
    sphinx["html_context"] = dict(overrides.get("html_context", {}))

    class Config(dict):
        __getattr__ = dict.__getitem__

    app = SimpleNamespace(
        config=Config(sphinx),
        builder=SimpleNamespace(theme_options=sphinx["html_theme_options"]),
        env=SimpleNamespace(
            doc2path=lambda name: str(ROOT / f"{name}.ipynb"), metadata={page: {"kernelspec": {}}}
        ),
    )
    update_context_with_repository_info(app)
    context = {
        **sphinx["html_context"],
        "pagename": page,
        "sourcename": f"{page}.ipynb",
        "header_buttons": [],
    }
    add_launch_buttons(app, page, "page.html", context, None)
    buttons = [b for group in context["header_buttons"] for b in group.get("buttons", [])]
    return next(b["url"] for b in buttons if b["text"] == "JupyterHub")


def chapter_link(hub_url: str, repo_url: str) -> str:
    """The launch button's link for the chapter, with the repository swapped for the local copy."""
    parts = urlsplit(jupyter_book_hub_link(hub_url, CHAPTER_PATH.removesuffix(".ipynb")))
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return parts._replace(query=urlencode({**query, "repo": repo_url}, safe="/")).geturl()


class Visit:
    """A student's browser: logged in to the hub, then sent to ``next_url``."""

    def __init__(self, browser, hub: LocalHub, name: str, next_url: str):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(
                    ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")
                )
                else route.abort()
            ),
        )
        self.page = self.context.new_page()
        path = next_url.removeprefix(hub.url)
        self.page.goto(f"{hub.url}/hub/login?next={quote(path, safe='')}")
        self.page.fill("input[name=username]", name)
        self.page.fill("input[name=password]", "any password")
        self.page.click("#login_submit")
        self.lab = JupyterLab(self.page, f"{hub.url}/user/{name}/")

    def text(self) -> str:
        return self.page.locator("body").inner_text()

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, hub):
    visits = []

    def open_visit(name: str, next_url: str, on_hub: LocalHub = hub) -> Visit:
        visits.append(Visit(browser, on_hub, name, next_url))
        return visits[-1]

    yield open_visit
    for opened in visits:
        opened.close()


def kernel_processes(hub: LocalHub, name: str) -> list:
    import psutil

    server = psutil.Process(hub.server_pid(name))
    return [p for p in server.children(recursive=True) if "ipykernel" in " ".join(p.cmdline())]


def test_the_launch_button_and_the_teachers_tool_make_the_same_nbgitpuller_link():
    link = jupyter_book_hub_link("https://hub.example.org/", CHAPTER_PATH.removesuffix(".ipynb"))
    repository = CONFIG["repository"]["url"].rstrip("/")
    assert link == nbgitpuller_link(
        "https://hub.example.org", repository, CHAPTER_PATH, CONFIG["repository"]["branch"]
    )
    printed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "hub_link.py"),
            "https://hub.example.org",
            str(int(CHAPTER.name[:2])),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert printed.strip() == link
    query = parse_qs(urlsplit(link).query)
    assert link.startswith("https://hub.example.org/hub/user-redirect/git-pull?")
    assert query["urlpath"] == [f"lab/tree/{repository.split('/')[-1]}/{CHAPTER_PATH}"], (
        "the link must open JupyterLab"
    )


def test_published_book_has_no_jupyterhub_button_until_a_school_sets_its_hub():
    """No hub serves every reader: the published default is no button, not a broken one."""
    assert CONFIG["launch_buttons"].get("jupyterhub_url", "") == ""


def test_a_student_follows_the_link_runs_the_chapter_and_its_first_widget_redraws(
    hub, book_repo, visit
):
    student = visit("ada", chapter_link(hub.url, book_repo))
    student.lab.wait_until_ready(timeout=180)
    assert student.page.url.endswith(f"/user/ada/lab/tree/{BOOK_REPO_NAME}/{CHAPTER_PATH}")
    assert (hub.state / "home" / "ada" / BOOK_REPO_NAME / CHAPTER_PATH).is_file(), (
        "nbgitpuller made no copy"
    )
    report = student.lab.run_all(timeout=300)
    assert not report.errors, "\n\n".join(report.errors)
    assert not report.not_run, f"code cells {report.not_run} of {report.code_cells} did not run"
    redraw = student.lab.redraw_first_image_widget(timeout=30)
    print(
        f"\n{CHAPTER.name} on the hub: {student.lab.timings}; the widget redrew after "
        f"'{redraw.action}'; "
        f"{len(student.lab.unrendered_myst())} pieces of MyST shown raw (issue 12)"
    )


@pytest.mark.parametrize(
    "mistake, expected",
    [
        ("repository", ["Remote content unavailable", "Proceed without syncing"]),
        ("branch", ["Branch does not exist", "incorrect branch name"]),
        ("chapter", ["Could not find path", "01-typo.ipynb"]),
    ],
)
def test_a_wrong_link_says_what_is_wrong(hub, book_repo, visit, mistake, expected):
    repo, branch, path = book_repo, CONFIG["repository"]["branch"], CHAPTER_PATH
    if mistake == "repository":
        repo = book_repo.replace(BOOK_REPO_NAME, "no-such-book")
    elif mistake == "branch":
        branch = "mian"
    else:
        path = f"{CHAPTER.parent.name}/01-typo.ipynb"
    student = visit("cara", nbgitpuller_link(hub.url, repo, path, branch))
    deadline = time.monotonic() + 120
    while not all(text in student.text() for text in expected) and time.monotonic() < deadline:
        time.sleep(0.5)
    shown = student.text()
    assert all(text in shown for text in expected), (
        f"expected {expected}; the page shows: {shown[:1500]!r}"
    )


def test_a_student_whose_kernel_dies_is_told_and_can_run_again(hub, book_repo, visit):
    student = visit("bea", chapter_link(hub.url, book_repo))
    student.lab.wait_until_ready(timeout=180)
    kernels = kernel_processes(hub, "bea")
    assert len(kernels) == 1, f"expected the chapter's kernel, found {kernels}"
    kernels[0].kill()  # as the system does to a kernel that runs out of memory
    message = student.lab.dialog(timeout=60)
    assert "appears to have died" in message and "restart" in message, message
    student.lab.dismiss_dialog()
    student.lab.wait_until_ready(timeout=120)
    report = student.lab.run_all(timeout=300)
    assert report.complete, f"after the restart: not run {report.not_run}, errors {report.errors}"


def test_the_hub_culls_servers_idle_for_ten_minutes(hub):
    import psutil

    culler = [
        " ".join(p.cmdline())
        for p in psutil.Process(hub.process.pid).children()
        if "idle_culler" in " ".join(p.cmdline())
    ]
    assert len(culler) == 1 and "--timeout=600" in culler[0].split(), culler


def test_an_idle_server_is_culled_and_the_open_tab_says_so(browser, tmp_path, visit):
    with LocalHub(tmp_path / "hub", cull_timeout=15) as quick:
        student = visit("dora", f"{quick.url}/hub/", on_hub=quick)
        student.page.wait_for_selector("#jp-main-dock-panel", timeout=120000)
        deadline = time.monotonic() + 120
        while quick.server("dora") and time.monotonic() < deadline:
            time.sleep(2)
        assert quick.server("dora") is None, f"the idle server was not culled:\n{quick.log_tail()}"
        message = student.lab.dialog(timeout=120)
        assert "not running" in message, message


def test_pulling_again_keeps_the_students_edits(hub, tmp_path):
    repo_url = publish_repository(ROOT, tmp_path)  # a copy of its own: this test adds commits
    student = hub.add_student("dan")
    student.pull(repo_url)
    api = f"{student.server_url}api/contents/{BOOK_REPO_NAME}"
    chapter_url = f"{api}/{CHAPTER_PATH}"

    # The student runs the chapter (outputs saved), writes a prediction at the end of a
    # Markdown cell and keeps notes of their own, one under a name the teacher later uses too.
    notebook = requests.get(chapter_url, headers=student.headers, timeout=30).json()["content"]
    cells = notebook["cells"]
    markdown = [i for i, cell in enumerate(cells) if cell["cell_type"] == "markdown"]
    answered, edited_upstream = markdown[1], markdown[-1]
    answer = "My prediction: about 12 times, because China grew fastest."
    cells[answered]["source"] += "\n\n" + answer
    for count, cell in enumerate((c for c in cells if c["cell_type"] == "code"), 1):
        cell["execution_count"] = count
        cell["outputs"] = [
            {"output_type": "stream", "name": "stdout", "text": f"output of cell {count}\n"}
        ]
    for url, body in [
        (chapter_url, {"type": "notebook", "content": notebook}),
        (
            f"{api}/chapters/my-notes.md",
            {"type": "file", "format": "text", "content": "My own notes."},
        ),
        (
            f"{api}/chapters/reading-list.md",
            {"type": "file", "format": "text", "content": "The student's list."},
        ),
    ]:
        response = requests.put(url, json=body, headers=student.headers, timeout=30)
        assert response.ok, f"saving {url}: HTTP {response.status_code} {response.text[:300]}"
    deleted = (
        hub.state / "home" / "dan" / BOOK_REPO_NAME / "intro.md"
    )  # a file the student threw away
    deleted.unlink()

    # The teacher updates the book: the end of the cell the student answered in (the same
    # lines), another cell, the README, and a new file.
    upstream = tmp_path / "teacher"
    subprocess.run(["git", "clone", "--quiet", repo_url, str(upstream)], check=True)
    path = upstream / CHAPTER_PATH
    book = nbformat.read(path, as_version=4)
    book.cells[answered].source += " (Teacher's change to the same line.)"
    book.cells[edited_upstream].source += "\n\nA sentence the teacher added."
    nbformat.write(book, path)
    (upstream / "README.md").write_text(
        (upstream / "README.md").read_text() + "\nUpdated by the teacher.\n"
    )
    (upstream / "chapters" / "reading-list.md").write_text("The teacher's list.\n")
    git = [
        "git",
        "-C",
        str(upstream),
        "-c",
        "user.name=Teacher",
        "-c",
        "user.email=teacher@example.org",
    ]
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "Update"], check=True)
    subprocess.run([*git, "push", "--quiet", "origin", "HEAD"], check=True, capture_output=True)

    output = student.pull(repo_url)

    response = requests.get(chapter_url, headers=student.headers, timeout=30)
    assert response.ok, (
        f"the merged notebook cannot be read: HTTP {response.status_code} "
        f"{response.text[:500]}\n{output}"
    )
    merged = nbformat.from_dict(response.json()["content"])
    nbformat.validate(merged)
    assert merged.cells[answered].source.endswith(answer), "the student's answer was lost"
    assert "Teacher's change" not in merged.cells[answered].source, (
        "where both changed a line, the student's must win"
    )
    assert merged.cells[edited_upstream].source.endswith("A sentence the teacher added."), (
        "the teacher's update is missing"
    )
    assert all(cell.get("outputs") for cell in merged.cells if cell.cell_type == "code"), (
        "the saved outputs were lost"
    )
    copy = hub.state / "home" / "dan" / BOOK_REPO_NAME
    assert (copy / "README.md").read_text().endswith("Updated by the teacher.\n")
    assert (copy / "chapters" / "my-notes.md").read_text() == "My own notes."
    assert (copy / "chapters" / "reading-list.md").read_text() == "The teacher's list.\n"
    assert deleted.is_file(), "a file the student deleted comes back from the book"
    renamed = [p.read_text() for p in (copy / "chapters").glob("reading-list__*.md")]
    assert renamed == ["The student's list."], (
        f"the student's own file under the teacher's new name: {renamed}"
    )


# --- a hub whose user environment lacks the book's requirements ------------------------


@pytest.fixture(scope="module")
def bare_hub(tmp_path_factory):
    """A hub whose students get a kernel from an environment with ipykernel only."""
    folder = tmp_path_factory.mktemp("bare")
    venv.create(folder / "env", with_pip=True)
    python = folder / "env" / "bin" / "python"
    installed = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            f"ipykernel=={version('ipykernel')}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if installed.returncode:
        pytest.fail(f"could not make the bare environment:\n{installed.stdout}{installed.stderr}")
    kernel = folder / "jupyter" / "kernels" / "python3"
    kernel.mkdir(parents=True)
    (kernel / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
            }
        )
    )
    with LocalHub(folder / "hub", jupyter_path=folder / "jupyter") as running:
        yield running


@pytest.fixture(scope="module")
def bare_chapter_run(browser, bare_hub, book_repo):
    """The chapter opened from its link and run on the hub without the book's requirements."""
    student = Visit(browser, bare_hub, "eve", chapter_link(bare_hub.url, book_repo))
    try:
        student.lab.wait_until_ready(timeout=180)
        yield student.lab.run_all(timeout=300)
    finally:
        student.close()


def test_the_requirements_check_names_what_is_missing(browser, bare_hub):
    student = bare_hub.add_student("finn")
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(SETUP_CELL), nbformat.v4.new_code_cell("1 + 1")]
    )
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    response = requests.put(
        f"{student.server_url}api/contents/check.ipynb",
        headers=student.headers,
        timeout=30,
        json={"type": "notebook", "content": notebook},
    )
    assert response.ok, response.text
    visit = Visit(browser, bare_hub, "finn", f"{bare_hub.url}/user/finn/lab/tree/check.ipynb")
    try:
        visit.lab.wait_until_ready(timeout=180)
        report = visit.lab.run_all(timeout=120)
    finally:
        visit.close()
    assert len(report.errors) == 1, report.errors
    message = report.errors[0]
    assert all(name in message for name in BOOK_MODULES) and "requirements.txt" in message, message
    assert "Traceback" not in message and "File " not in message, (
        f"a traceback, not a sentence: {message}"
    )
    assert report.error_cells == [1], report.error_cells


def test_without_the_requirements_the_chapter_opens_and_its_setup_names_what_is_missing(
    bare_chapter_run,
):
    """Run All stops at the first error, though cells whose request reached the kernel after it
    had stopped the queue may still run (ipykernel's behaviour): what counts is the top."""
    report = bare_chapter_run
    assert report.errors, (
        "the chapter ran without pandas and ipywidgets: is the kernel from the bare environment?"
    )
    assert report.error_cells[0] <= 2, (
        f"the first error is in code cell {report.error_cells[0]}, not the setup"
    )
    assert any(name in report.errors[0] for name in BOOK_MODULES), report.errors[0]


def test_without_the_requirements_the_first_cell_says_what_to_install(bare_chapter_run):
    message = bare_chapter_run.errors[0]
    assert all(name in message for name in BOOK_MODULES) and "requirements.txt" in message, message
    assert "Traceback" not in message, message
