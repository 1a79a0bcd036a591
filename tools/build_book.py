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

    python tools/build_book.py            # incremental build
    python tools/build_book.py --clean    # remove _build first (what CI does)
"""

from __future__ import annotations

import argparse
import json
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


def build(clean: bool) -> int:
    if clean:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
    jupyter_book = shutil.which("jupyter-book", path=str(Path(sys.executable).parent)) or shutil.which("jupyter-book")
    if jupyter_book is None:
        sys.exit("jupyter-book was not found: install the requirements first (pip install -r requirements.txt).")
    started = time.perf_counter()
    status = subprocess.call([jupyter_book, "build", str(ROOT), "-W", "-n", "--keep-going"])
    print(f"jupyter-book build finished in {time.perf_counter() - started:.1f} s with exit code {status}.")
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean", action="store_true", help="remove _build before building")
    args = parser.parse_args()
    vendor_js()
    return build(args.clean)


if __name__ == "__main__":
    sys.exit(main())
