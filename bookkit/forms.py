"""Judgement activities for the published page: forms that work in the reader's browser.

Some widgets ask students for their own judgement (code each event, mark each
expectation, weigh each motivation) and then compare it with the book's. A page has no
kernel, so these widgets give the page a form instead (``live(..., page=...)``): the
student chooses, presses the button, and a few lines of JavaScript on the page work out
the same comparison. Until the button is pressed, the result says nothing was chosen,
so the page never describes an action the reader did not take. Printed, the form is a
worksheet.

    judgement_form(
        "ch02-stance",
        intro="Code each event: ...",
        body=choice_table("code", rows, [("-1", "cooler"), ("0", "neutral"), ("1", "warmer")]),
        data={"book": {...}},                       # what the comparison needs, as JSON
        compute="(values, data) => `You agree with the book on ...`",
        button="Compare with the book's codes",
    )

``compute`` is a JavaScript function of the chosen ``values`` (input name -> value; a
range's number; a radio group's checked value, or undefined) and ``data``; it returns
the HTML to show. Keep it to arithmetic and text: the chapter module's Python function
for the live widget stays the reference, and the tests compare the two.
"""

from __future__ import annotations

import html
import json

# Reads a form's inputs and shows what ``compute`` makes of them. Shared by every form.
RUNTIME = """
(function (form) {
  const data = JSON.parse(form.querySelector('script.bk-judge-data').textContent);
  const compute = %s;
  const output = form.querySelector('.bk-judge-result');
  form.querySelector('button.bk-judge-go').addEventListener('click', function () {
    const values = {};
    for (const input of form.querySelectorAll('input')) {
      if (input.type === 'radio') { if (input.checked) values[input.name] = input.value; }
      else if (input.type === 'range' || input.type === 'number') {
        values[input.name] = Number(input.value);
      }
      else if (input.type === 'checkbox') values[input.name] = input.checked;
    }
    output.innerHTML = compute(values, data);
  });
})(document.currentScript.closest('form'));
"""
NOTHING_YET = "Nothing chosen yet: make your choices, then press the button."


def choice_table(
    name: str, rows: list[tuple[str, str]], choices: list[tuple[str, str]], caption: str = ""
) -> str:
    """One row per item (key, label as HTML) with a radio button for each choice
    (value, label); each radio group is named ``{name}-{key}``."""
    head = "".join(f'<th scope="col">{html.escape(label)}</th>' for _, label in choices)
    body = []
    for key, label in rows:
        group = f"{name}-{key}"
        cells = "".join(
            f'<td><input type="radio" name="{group}" value="{html.escape(value)}" '
            f'aria-label="{html.escape(choice)}"></td>'
            for value, choice in choices
        )
        body.append(f'<tr><th scope="row">{label}</th>{cells}</tr>')
    caption_html = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<table class="bk-choices">{caption_html}<thead><tr><td></td>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def slider(
    name: str, label: str, low: int, high: int, value: int, words: dict[int, str] | None = None
) -> str:
    """A labelled range input (whole numbers); ``words`` names some of its values."""
    marks = ""
    if words:
        named = "; ".join(f"{k} = {v}" for k, v in words.items())
        marks = f' <span class="bk-slider-words">({html.escape(named)})</span>'
    return (
        f'<div class="bk-slider"><label for="{name}">{html.escape(label)}</label>{marks} '
        f'<input type="range" id="{name}" name="{name}" min="{low}" max="{high}" step="1" '
        f'value="{value}"></div>'
    )


def judgement_form(
    form_id: str, intro: str, body: str, data: dict, compute: str, button: str
) -> str:
    """The whole activity: intro, the choices, a button, and where the result appears."""
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<form class="bk-judge" id="{form_id}" aria-label="{html.escape(button)}">'
        f'<p class="bk-judge-intro">{intro}</p>{body}'
        f'<button type="button" class="bk-judge-go">{html.escape(button)}</button>'
        f'<output class="bk-judge-result" aria-live="polite">{NOTHING_YET}</output>'
        f'<script type="application/json" class="bk-judge-data">{payload}</script>'
        f"<script>{RUNTIME % compute}</script></form>"
    )
