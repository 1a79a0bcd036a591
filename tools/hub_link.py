"""Print the link that opens one chapter on a school's JupyterHub.

    python tools/hub_link.py https://hub.myschool.example 3

The link is the one the book's JupyterHub launch button makes (nbgitpuller): it
copies the book from the repository and branch in _config.yml into the student's
home folder on the hub, or brings their copy up to date, then opens the chapter in
JupyterLab. Send it to the class, or put it on the class's page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from localhub import nbgitpuller_link

ROOT = Path(__file__).resolve().parents[1]


def chapter_path(number: int) -> str:
    matches = sorted((ROOT / "chapters").glob(f"{number:02d}-*.ipynb"))
    if not matches:
        chapters = ", ".join(
            str(int(p.name[:2])) for p in sorted((ROOT / "chapters").glob("[0-9][0-9]-*.ipynb"))
        )
        raise SystemExit(f"There is no chapter {number}; the chapters are {chapters}.")
    return matches[0].relative_to(ROOT).as_posix()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("hub", help="the hub's address, e.g. https://hub.myschool.example")
    parser.add_argument("chapter", type=int, help="the chapter's number")
    args = parser.parse_args()
    if urlsplit(args.hub).scheme not in ("http", "https") or not urlsplit(args.hub).netloc:
        parser.error(
            f"{args.hub!r} is not a web address; give the hub's address, e.g. "
            "https://hub.myschool.example"
        )
    repository = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]
    print(
        nbgitpuller_link(
            args.hub,
            repository["url"].rstrip("/"),
            chapter_path(args.chapter),
            repository["branch"],
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
