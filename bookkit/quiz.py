"""A self-check quiz that works without a kernel.

The quiz is plain HTML and CSS: choosing an option reveals the feedback for
that option. No JavaScript and no kernel are needed, so it works the same in
JupyterLab, in Voila and on the published web page. In a notebook the quiz carries
its style with it; the web page takes the same style from its style sheet
(``_ext/booktext.py`` writes ``STYLE`` there), since a page may not hold ``<style>``.

The quiz rides as data in its output's metadata (``METADATA_KEY``), so that what is
made from a chapter's quiz reads it from the executed chapter (``quiz_specs``) and is
never typed twice: the students' copies (``tools/student_copies.py``) hold it *sealed*,
its questions, options and feedback encoded so that reading the cell does not give
the answers away (``sealed``, ``unseal``); the teacher guide shows its answer key
(``answer_key``, drawn by ``_ext/teacherunit.py``).

    quiz("ch01", [
        Question("Which ...?", [
            Option("A ...", False, "Not quite: ..."),
            Option("B ...", True, "Yes: ..."),
        ]),
    ])
"""

from __future__ import annotations

import base64
import html
import json
import re
import zlib
from dataclasses import asdict, dataclass

STYLE = """
.bk-quiz fieldset{border:1px solid #c8c8c8;border-radius:6px;margin:0 0 1em;padding:.5em 1em}
.bk-quiz legend{font-size:1rem;font-weight:600;line-height:1.4;padding:0 .3em;margin:0;
  float:none;width:auto}
.bk-quiz .bk-option{margin:.3em 0}
.bk-quiz input[type="radio"]{width:24px;height:24px;margin:0 .4em 0 0;vertical-align:top;
  accent-color:#0072B2}
.bk-quiz .bk-option label{display:inline-block;max-width:calc(100% - 24px - .8em);min-height:24px;
  line-height:24px;cursor:pointer}
.bk-quiz .bk-feedback{display:none;margin:.2em 0 .4em 1.8em;padding:.3em .6em;border-left:4px solid}
.bk-quiz input:checked ~ .bk-feedback{display:block}
.bk-quiz .bk-right{border-color:#009E73}
.bk-quiz .bk-wrong{border-color:#D55E00}
"""


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    prompt: str
    options: list[Option]


class Quiz:
    def __init__(self, quiz_id: str, questions: list[Question]):
        if not re.fullmatch(r"[a-z0-9-]+", quiz_id):
            raise ValueError("quiz_id must be lower-case letters, digits and hyphens")
        for number, question in enumerate(questions, 1):
            if sum(option.correct for option in question.options) != 1:
                raise ValueError(f"Question {number} must have exactly one correct option")
            if any(not option.feedback.strip() for option in question.options):
                raise ValueError(f"Question {number}: every option needs feedback")
        self.quiz_id = quiz_id
        self.questions = questions

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        from bookkit.widgets import building_the_book

        style = "" if building_the_book() else f"<style>{STYLE}</style>"
        data = {"text/html": style + self.form_html(), "text/plain": str(self)}
        # The quiz as data rides in the output's metadata, for the students' copies.
        return data, {METADATA_KEY: self.spec()}

    def spec(self) -> dict:
        """The quiz as data (what the students' copies seal)."""
        return {"quiz_id": self.quiz_id, "questions": [asdict(q) for q in self.questions]}

    def form_html(self) -> str:
        e = html.escape
        parts = ['<form class="bk-quiz" aria-label="Self-check quiz">']
        for q_number, question in enumerate(self.questions, 1):
            group = f"{self.quiz_id}-q{q_number}"
            parts.append(f"<fieldset><legend>{q_number}. {e(question.prompt)}</legend>")
            for o_number, option in enumerate(question.options, 1):
                option_id = f"{group}-o{o_number}"
                verdict, css = (
                    ("Correct.", "bk-right") if option.correct else ("Not quite.", "bk-wrong")
                )
                parts.append(
                    f'<div class="bk-option"><input type="radio" name="{group}" id="{option_id}">'
                    f' <label for="{option_id}">{e(option.text)}</label>'
                    f'<p class="bk-feedback {css}" role="status"><strong>{verdict}</strong> '
                    f"{e(option.feedback)}</p></div>"
                )
            parts.append("</fieldset>")
        parts.append("</form>")
        return "".join(parts)

    def __str__(self) -> str:
        lines = []
        for q_number, question in enumerate(self.questions, 1):
            lines.append(f"{q_number}. {question.prompt}")
            lines += [f"   - {option.text}" for option in question.options]
        return "\n".join(lines)

    __repr__ = __str__


def quiz(quiz_id: str, questions: list[Question]) -> Quiz:
    """A quiz to display as the last expression of a cell."""
    return Quiz(quiz_id, questions)


METADATA_KEY = "bookkit_quiz"


def sealed(spec: dict) -> str:
    """A quiz's data, compressed and encoded: not readable as text."""
    return base64.b64encode(zlib.compress(json.dumps(spec).encode("utf-8"))).decode("ascii")


def from_spec(spec: dict) -> Quiz:
    """The quiz that ``Quiz.spec`` described, checked as a new quiz is."""
    questions = [
        Question(q["prompt"], [Option(**option) for option in q["options"]])
        for q in spec["questions"]
    ]
    return Quiz(spec["quiz_id"], questions)


def unseal(payload: str) -> Quiz:
    """The quiz a ``sealed`` payload holds, to display as the last expression of a cell."""
    return from_spec(json.loads(zlib.decompress(base64.b64decode(payload))))


def quiz_specs(executed: dict) -> dict[int, dict]:
    """Cell index -> the quiz that cell showed, in an executed notebook."""
    specs = {}
    for index, cell in enumerate(executed["cells"]):
        for output in cell.get("outputs", []):
            if METADATA_KEY in output.get("metadata", {}):
                specs[index] = output["metadata"][METADATA_KEY]
    return specs


@dataclass(frozen=True)
class KeyEntry:
    """One question of an answer key: the right option and the others, with their feedback."""

    number: int
    prompt: str
    answer: Option
    others: list[Option]


def answer_key(spec: dict) -> list[KeyEntry]:
    """A quiz's answer key, question by question, from the quiz as data."""
    return [
        KeyEntry(
            number,
            question.prompt,
            next(option for option in question.options if option.correct),
            [option for option in question.options if not option.correct],
        )
        for number, question in enumerate(from_spec(spec).questions, 1)
    ]
