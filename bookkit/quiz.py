"""A self-check quiz that works without a kernel.

The quiz is plain HTML and CSS: choosing an option reveals the feedback for
that option. No JavaScript and no kernel are needed, so it works the same in
JupyterLab, in Voila and on the published web page.

    quiz("ch01", [
        Question("Which ...?", [
            Option("A ...", False, "Not quite: ..."),
            Option("B ...", True, "Yes: ..."),
        ]),
    ])
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

STYLE = """
.bk-quiz fieldset{border:1px solid #c8c8c8;border-radius:6px;margin:0 0 1em;padding:.5em 1em}
.bk-quiz legend{font-size:1rem;font-weight:600;line-height:1.4;padding:0 .3em;margin:0;float:none;width:auto}
.bk-quiz .bk-option{margin:.3em 0}
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

    def _repr_html_(self) -> str:
        e = html.escape
        parts = [f"<style>{STYLE}</style>", '<form class="bk-quiz" aria-label="Self-check quiz">']
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
