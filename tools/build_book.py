"""Build the book into ``_build/html``.

1. Self-host the JavaScript the pages need (the Jupyter widget manager,
   require.js and MathJax): fetch the versions pinned in ``package-lock.json``
   from the npm registry with ``npm pack``, check each file against the
   lockfile's integrity hash, and unpack what the pages load into ``_vendor/``
   (not committed). ``_ext/bookbuild.py`` points the build at it.
   Without npm, or if the registry can't be reached, the build still works and
   says clearly that the pages will load these files from public CDNs.
2. Run Jupyter Book with warnings as errors (``-W -n --keep-going``): every
   notebook is executed and any error fails the build.

Usage::

    python tools/build_book.py            # incremental build, into _build/html
    python tools/build_book.py --clean    # remove _build first (what CI does)
    python tools/build_book.py --student  # the student edition, into _build/student/_build/html:
                                          # no exercise solutions, no teacher notes or teacher guide
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "_vendor"
MANIFEST = VENDOR / "manifest.json"
STUDENT_OUTPUT = ROOT / "_build" / "student"
# Pages left out of the student edition altogether (their content is for teachers).
TEACHER_ONLY_PAGES = {"appendices/teacher-guide"}

CDN_NOTICE = (
    "NOTICE: {reason}. The book will build, but its pages will load the widget manager, "
    "require.js and MathJax from public CDNs (cdn.jsdelivr.net, cdnjs.cloudflare.com): widgets and "
    "maths will not show offline or where those sites are blocked. Install Node.js/npm and build again "
    "to self-host them."
)

# What each npm package contributes to _vendor/: (path inside the tarball, target folder).
# Source maps are left out.
UNPACK = {
    "@jupyter-widgets/html-manager": ("package/dist/", "widgets"),
    "requirejs": ("package/require.js", "widgets"),
    "mathjax": ("package/es5/", "mathjax"),
}


def pinned_packages() -> dict[str, dict]:
    """name -> {version, integrity} for each dependency, as the lockfile pins it."""
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    return {
        name: {"version": lock[f"node_modules/{name}"]["version"], "integrity": lock[f"node_modules/{name}"]["integrity"]}
        for name in wanted
    }


def unpack(tarball: Path, prefix: str, target: Path) -> int:
    """Extract the members under ``prefix`` into ``target`` (flattening the prefix)."""
    count = 0
    with tarfile.open(tarball) as archive:
        for member in archive.getmembers():
            if not member.isfile() or not member.name.startswith(prefix) or member.name.endswith(".map"):
                continue
            relative = member.name[len(prefix):] or Path(member.name).name
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source:
                destination.write_bytes(source.read())
            count += 1
    return count


def vendor_js() -> bool:
    """Fill _vendor/ from the npm registry; False (with a notice) if that can't be done."""
    pins = pinned_packages()
    if MANIFEST.is_file() and json.loads(MANIFEST.read_text(encoding="utf-8")) == pins:
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
            [npm, "pack", *specs, "--json", "--pack-destination", tmp], capture_output=True, text=True
        )
        if result.returncode != 0:
            print(CDN_NOTICE.format(reason=f"npm pack failed ({result.stderr.strip().splitlines()[-1:]})"))
            return False
        for packed in json.loads(result.stdout):
            pin = pins[packed["name"]]
            if packed["integrity"] != pin["integrity"]:
                sys.exit(f"{packed['name']}: integrity {packed['integrity']} does not match package-lock.json")
            prefix, folder = UNPACK[packed["name"]]
            n = unpack(Path(tmp) / packed["filename"], prefix, VENDOR / folder)
            print(f"Self-hosting {packed['name']}@{pin['version']}: {n} files in _vendor/{folder}/")
    MANIFEST.write_text(json.dumps(pins, indent=2), encoding="utf-8")
    return True


def student_toc() -> Path:
    """_toc.yml without the teacher-only pages, written next to the student build."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        part["chapters"] = [c for c in part["chapters"] if c["file"] not in TEACHER_ONLY_PAGES]
    path = STUDENT_OUTPUT / "_toc.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    return path


def build(clean: bool, student: bool) -> int:
    if clean:
        shutil.rmtree(STUDENT_OUTPUT if student else ROOT / "_build", ignore_errors=True)
    jupyter_book = shutil.which("jupyter-book", path=str(Path(sys.executable).parent)) or shutil.which("jupyter-book")
    if jupyter_book is None:
        sys.exit("jupyter-book was not found: install the requirements first (pip install -r requirements.txt).")
    command = [jupyter_book, "build", str(ROOT), "-W", "-n", "--keep-going"]
    env = dict(os.environ)
    if student:
        command += ["--toc", str(student_toc()), "--path-output", str(STUDENT_OUTPUT)]
        env["BOOK_EDITION"] = "student"
    started = time.perf_counter()
    status = subprocess.call(command, env=env)
    edition = "student edition" if student else "book"
    print(f"jupyter-book build ({edition}) finished in {time.perf_counter() - started:.1f} s with exit code {status}.")
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean", action="store_true", help="remove the previous build first")
    parser.add_argument("--student", action="store_true", help="build the student edition (no solutions, no teacher notes)")
    args = parser.parse_args()
    vendor_js()
    return build(args.clean, args.student)


if __name__ == "__main__":
    sys.exit(main())
