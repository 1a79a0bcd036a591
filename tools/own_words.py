"""The own-words check: the book's paraphrases must not copy a run of words from the
essay or from the team's fact-check, and neither text is in the repository.

The essay is a student's work and the fact-check quotes it, so the repository keeps
only a fingerprint of each (``data/book/own_words_fingerprints.json``): a salted,
truncated hash of every run of ``run`` consecutive words (eight for the essay, ten
for the fact-check), after normalising case, apostrophes and punctuation. A
paraphrase is checked by hashing its own runs the same way. The hashes cannot be
read back as text; they can only confirm a run of words that one already has.

A maintainer who holds the originals remakes the fingerprint with::

    python tools/own_words.py --essay ESSAY.md --factcheck FACTCHECK.md
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import secrets
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

FINGERPRINTS = Path(__file__).resolve().parents[1] / "data" / "book" / "own_words_fingerprints.json"
# Runs of consecutive words that count as copying, per original.
RUNS = {"essay": 8, "fact-check": 10}
HASH_CHARS = 12


def words(text: str) -> list[str]:
    """Lower-case words, with typographic apostrophes made plain and punctuation dropped."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9']+", text.lower())


def digest(run: list[str], salt: str) -> str:
    return hashlib.sha256(f"{salt}\0{' '.join(run)}".encode()).hexdigest()[:HASH_CHARS]


def fingerprint(text: str, run: int, salt: str) -> list[str]:
    """The sorted hashes of every run of ``run`` consecutive words of ``text``."""
    found = words(text)
    return sorted({digest(found[i : i + run], salt) for i in range(len(found) - run + 1)})


@dataclass(frozen=True)
class Original:
    name: str
    run: int
    salt: str
    hashes: frozenset[str]

    def copied(self, text: str) -> str | None:
        """The first run of ``text`` that the original contains, or None."""
        found = words(text)
        for i in range(len(found) - self.run + 1):
            if digest(found[i : i + self.run], self.salt) in self.hashes:
                return " ".join(found[i : i + self.run])
        return None


def load(path: Path = FINGERPRINTS) -> list[Original]:
    content = json.loads(path.read_text(encoding="utf-8"))
    return [
        Original(name, item["run"], content["salt"], frozenset(item["hashes"].split()))
        for name, item in content["originals"].items()
    ]


def check(texts: dict[str, str], originals: list[Original]) -> None:
    """Refuse any text (label -> text) that copies a run of words from an original."""
    for original in originals:
        for label, text in texts.items():
            copied = original.copied(text)
            if copied:
                raise ValueError(f"{label} copies the {original.name}: {copied!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--essay", type=Path, required=True, help="the essay (Markdown)")
    parser.add_argument("--factcheck", type=Path, required=True, help="the team's fact-check")
    args = parser.parse_args()
    salt = secrets.token_hex(8)
    originals = {}
    for name, path in (("essay", args.essay), ("fact-check", args.factcheck)):
        text = path.read_text(encoding="utf-8")
        hashes = " ".join(fingerprint(text, RUNS[name], salt))
        originals[name] = {"run": RUNS[name], "hashes": hashes}
    content = {
        "about": "Fingerprints of texts that are not in the repository, for the own-words "
        "check of tools/own_words.py: salted SHA-256 hashes (first "
        f"{HASH_CHARS} hex digits, space-separated) of every run of `run` consecutive "
        "normalised words.",
        "salt": salt,
        "originals": originals,
    }
    FINGERPRINTS.write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {FINGERPRINTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
