"""Build the book into ``_build/html``.

1. Self-host the JavaScript the pages need (MathJax; the pages load no widget
   JavaScript): fetch the version pinned in ``package-lock.json`` from the npm
   registry with ``npm pack``, check it against the lockfile's integrity hash,
   and unpack only the files the pages load into ``_vendor/`` (not committed).
   ``_ext/bookbuild.py`` points the build at it. Without npm, or if the registry
   can't be reached, the build still works and says clearly that the pages with
   maths will load MathJax from a public CDN.
2. Execute the notebooks that changed, one per core, into the execution cache
   that Jupyter Book reads (it would otherwise run them one after another). A
   change to the helper package or to data/ since the last build makes it a clean
   build, since the cache itself only notices changes to a notebook's code.
3. Run Jupyter Book with warnings as errors (``-W -n --keep-going``): it takes
   each notebook's outputs from the cache, runs any notebook that is not in it
   (one that failed above, to report its error), and any error fails the build.

Usage::

    python tools/build_book.py            # incremental build, into _build/html
    python tools/build_book.py --clean    # remove _build first (what CI does)
    python tools/build_book.py --student  # the student edition, into _build/student/_build/html:
                                          # no exercise solutions, no teacher notes or teacher guide
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

NOT_INSTALLED = (
    "Jupyter Book was not found: install the requirements first (pip install -r requirements.txt)."
)
try:
    import yaml
except ImportError:
    sys.exit(NOT_INSTALLED)

# jsonschema (imported by nbformat and Jupyter Book) imports rfc3987_syntax when it is
# installed, which compiles about 40 grammars at import: 2 s per build here (jsonschema
# issue #1428). Nothing in the build checks the "iri" format it is for, so it is blocked
# in this process and in the Jupyter Book process (jsonschema then skips that check).
BLOCK_SLOW_IMPORT = "import sys; sys.modules['rfc3987_syntax'] = None"
exec(BLOCK_SLOW_IMPORT)

ROOT = Path(__file__).resolve().parents[1]
# One execution cache for both editions: the student edition runs the same notebooks.
CACHE = ROOT / "_build" / ".jupyter_cache"
VENDOR = ROOT / "_vendor"
MANIFEST = VENDOR / "manifest.json"
STUDENT_OUTPUT = ROOT / "_build" / "student"
# Pages left out of the student edition altogether (their content is for teachers).
TEACHER_ONLY_PAGES = {
    "appendices/teacher-guide",
    "appendices/teacher-chapters",
    "appendices/teacher-assessment",
    "appendices/teacher-sensitive-topics",
}
# Pages whose outputs are made from other files (the teacher guide quotes the chapters'
# notes and lesson plans, reads its scheme of work, finds where the chapters meet
# sensitive topics): neither the execution cache nor Sphinx can see that, so they always
# run, and Sphinx always reads them again (_config.yml: bookkit_always_read).
ALWAYS_EXECUTED = {
    f"{page}.ipynb"
    for page in yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"][
        "config"
    ]["bookkit_always_read"]
}
# Files those pages read besides the notebooks (a change to them means running them again).
PAGE_INPUTS = "appendices/*.yml"

CDN_NOTICE = (
    "NOTICE: {reason}. The book will build, but its pages with maths will load MathJax from a "
    "public "
    "CDN (cdn.jsdelivr.net): their maths will not show offline or where that site is blocked. "
    "Install "
    "Node.js/npm and build again to self-host it."
)

# What each npm package contributes to _vendor/: only what the pages load, without source maps.
# For MathJax, the loader and the components that
# _ext/bookbuild.py asks it for (MATHJAX_LOAD, with core and the TeX font data they need), and the
# web fonts of its HTML output: 1.1 of its 24 MB. Maths that needs a TeX extension would ask for
# input/tex/extensions/...: the browser tests fail on that request, and the file is then added here.
MATHJAX_FILES = [
    "startup.js",
    "core.js",
    "input/tex.js",
    "output/chtml.js",
    "output/chtml/fonts/tex.js",
    "a11y/assistive-mml.js",
    "output/chtml/fonts/woff-v2/",
]
# name -> (folder in the tarball, the files and folders (ending in /) under it to take,
# target folder)
UNPACK = {"mathjax": ("package/es5/", MATHJAX_FILES, "mathjax")}


def pinned_packages() -> dict[str, dict]:
    """name -> {version, integrity} for each dependency, as the lockfile pins it."""
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    return {
        name: {
            "version": lock[f"node_modules/{name}"]["version"],
            "integrity": lock[f"node_modules/{name}"]["integrity"],
        }
        for name in wanted
    }


def unpack(tarball: Path, root: str, wanted: list[str], target: Path) -> int:
    """Extract the ``wanted`` files and folders under ``root`` into ``target``, keeping
    their paths."""
    count = 0
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            relative = member.name.removeprefix(root)
            if not member.isfile() or relative == member.name or relative.endswith(".map"):
                continue
            if not any(
                relative == item or (item.endswith("/") and relative.startswith(item))
                for item in wanted
            ):
                continue
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source:
                destination.write_bytes(source.read())
            count += 1
    return count


def vendor_js() -> bool:
    """Fill _vendor/ from the npm registry; False (with a notice) if that can't be done."""
    pins = pinned_packages()
    # What _vendor/ must hold: a change of version or of the files taken refills it.
    wanted = json.loads(json.dumps({"packages": pins, "unpack": UNPACK}))
    if MANIFEST.is_file() and json.loads(MANIFEST.read_text(encoding="utf-8")) == wanted:
        print("Self-hosted JavaScript is up to date in _vendor/.")
        return True
    npm = shutil.which("npm")
    if npm is None:
        print(CDN_NOTICE.format(reason="npm was not found"))
        return False
    shutil.rmtree(VENDOR, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        specs = [f"{name}@{pin['version']}" for name, pin in pins.items()]
        result = subprocess.run(
            [npm, "pack", *specs, "--json", "--pack-destination", tmp],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            print(
                CDN_NOTICE.format(
                    reason=f"npm pack failed ({result.stderr.strip().splitlines()[-1:]})"
                )
            )
            return False
        for packed in json.loads(result.stdout):
            pin = pins[packed["name"]]
            if packed["integrity"] != pin["integrity"]:
                sys.exit(
                    f"{packed['name']}: integrity {packed['integrity']} does not match "
                    "package-lock.json"
                )
            root, wanted, folder = UNPACK[packed["name"]]
            n = unpack(Path(tmp) / packed["filename"], root, wanted, VENDOR / folder)
            print(f"Self-hosting {packed['name']}@{pin['version']}: {n} files in _vendor/{folder}/")
    MANIFEST.write_text(json.dumps(wanted, indent=2), encoding="utf-8")
    return True


def student_toc() -> Path:
    """_toc.yml without the teacher-only pages, written next to the student build."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        part["chapters"] = [c for c in part["chapters"] if c["file"] not in TEACHER_ONLY_PAGES]
    path = STUDENT_OUTPUT / "_toc.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    return path


def student_config() -> Path:
    """_config.yml, pointed at the main build's execution cache, next to the student build."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["execute"]["cache"] = str(CACHE)
    # Jupyter Book reads these paths relative to the configuration file, now elsewhere.
    extensions = config["sphinx"]["local_extensions"]
    config["sphinx"]["local_extensions"] = {
        name: str(ROOT / where) for name, where in extensions.items()
    }
    config["html"]["favicon"] = str(ROOT / config["html"]["favicon"])
    path = STUDENT_OUTPUT / "_config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def toc_notebooks(toc: Path) -> list[Path]:
    """The notebooks a table of contents lists, in its order."""
    parts = yaml.safe_load(toc.read_text(encoding="utf-8")).get("parts", [])
    files = [ROOT / f"{chapter['file']}.ipynb" for part in parts for chapter in part["chapters"]]
    return [path for path in files if path.is_file()]


def digest(paths: list[Path]) -> str:
    """A hash of the files' names and contents."""
    hashed = hashlib.sha256()
    for path in sorted(p for p in paths if p.is_file()):
        hashed.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return hashed.hexdigest()


def inputs_digest() -> str:
    """A hash of the helper package and the data, which every notebook's outputs depend on."""
    return digest([*(ROOT / "bookkit").rglob("*.py"), *(ROOT / "data").rglob("*")])


def execute_in_parallel(notebooks: list[Path], cache_path: Path, timeout: int) -> bool:
    """Execute the notebooks whose code is not yet in the execution cache, one per core
    (jupyter-cache's parallel executor), and cache their outputs for the build to use."""
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(str(cache_path))
    for path in notebooks:
        cache.add_nb_to_project(str(path))
        if path.relative_to(ROOT).as_posix() in ALWAYS_EXECUTED:
            with contextlib.suppress(KeyError):  # not in the cache yet
                cache.remove_cache(cache.match_cache_file(str(path)).pk)
    started = time.perf_counter()
    result = load_executor("local-parallel", cache).run_and_cache(
        filter_uris=[str(path) for path in notebooks], timeout=timeout
    )
    ran = len(result.succeeded) + len(result.excepted) + len(result.errored)
    print(
        f"Executed {ran} notebook(s) in parallel in {time.perf_counter() - started:.1f} s; "
        f"{len(notebooks) - ran} unchanged."
    )
    for path in result.excepted + result.errored:
        print(
            f"  {Path(path).relative_to(ROOT)} failed: the build will run it again and report the "
            "error."
        )
    return not (result.excepted or result.errored)


def write_student_copies(notebooks: list[Path]) -> None:
    """The chapters as students should receive them (tools/student_copies.py), from the
    notebooks as this build executed them, into the student edition's notebooks/ folder."""
    import nbformat
    from jupyter_cache import get_cache
    from student_copies import write_all

    cache = get_cache(str(CACHE))
    executed = {}
    for path in notebooks:
        if path.parent.name == "chapters":
            _, executed[path.name] = cache.merge_match_into_notebook(
                nbformat.read(path, as_version=4)
            )
    written = write_all(executed, STUDENT_OUTPUT / "_build" / "html" / "notebooks")
    print(f"Student copies: {len(written) - 1} notebooks and {written[-1].name} in notebooks/")


def build(clean: bool, student: bool) -> int:
    if (
        importlib.util.find_spec("jupyter_book") is None
        or importlib.util.find_spec("jupyter_cache") is None
    ):
        sys.exit(NOT_INSTALLED)
    build_dir = (STUDENT_OUTPUT if student else ROOT) / "_build"
    # Kernels started by this build (they inherit the environment) draw each widget's
    # views for the page, which has no kernel (bookkit.widgets.static_views).
    os.environ["BOOK_STATIC_VIEWS"] = "1"
    # The execution cache only notices changes to a notebook's own code, so a change to
    # the helper package or the data makes this a clean build.
    stamp, inputs = build_dir / "inputs.sha256", inputs_digest()
    if not clean and build_dir.is_dir() and (not stamp.is_file() or stamp.read_text() != inputs):
        print("The helper package or the data changed since the last build: building from scratch.")
        clean = True
    if clean:
        shutil.rmtree(STUDENT_OUTPUT if student else build_dir, ignore_errors=True)
    # The student edition shares the main build's execution cache: outputs cached with an
    # older helper package or older data must go (the main build's stamp says which).
    main_stamp = ROOT / "_build" / "inputs.sha256"
    if student and (not main_stamp.is_file() or main_stamp.read_text() != inputs):
        shutil.rmtree(CACHE, ignore_errors=True)
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(inputs)
    toc = student_toc() if student else ROOT / "_toc.yml"
    notebooks = toc_notebooks(toc)
    # Skip the execution step (and its imports) when the notebooks are those it last
    # executed without a failure, as in a rebuild after editing a Markdown page.
    executed = build_dir / "executed.sha256"
    state = inputs + digest([*notebooks, *ROOT.glob(PAGE_INPUTS)])
    if executed.is_file() and executed.read_text() == state:
        print("No notebook changed since the last build: nothing to execute.")
    else:
        timeout = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["execute"][
            "timeout"
        ]
        if execute_in_parallel(notebooks, CACHE, timeout):
            executed.write_text(state)
    # Jupyter Book's command line, run by this Python with the slow import blocked.
    launcher = f"{BLOCK_SLOW_IMPORT}; from jupyter_book.cli.main import main; sys.exit(main())"
    command = [sys.executable, "-c", launcher, "build", str(ROOT), "-W", "-n", "--keep-going"]
    env = dict(os.environ)
    if student:
        command += ["--toc", str(toc), "--config", str(student_config())]
        command += ["--path-output", str(STUDENT_OUTPUT)]
        env["BOOK_EDITION"] = "student"
    started = time.perf_counter()
    status = subprocess.call(command, env=env)
    if student and status == 0:
        write_student_copies(notebooks)
    edition = "student edition" if student else "book"
    print(
        f"jupyter-book build ({edition}) finished in {time.perf_counter() - started:.1f} s with "
        f"exit code {status}."
    )
    return status


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clean", action="store_true", help="remove the previous build first")
    parser.add_argument(
        "--student",
        action="store_true",
        help="build the student edition (no solutions, no teacher notes)",
    )
    args = parser.parse_args()
    vendor_js()
    return build(args.clean, args.student)


if __name__ == "__main__":
    sys.exit(main())
