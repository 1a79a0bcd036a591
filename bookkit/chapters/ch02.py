"""Chapter 2, Japan's changing position: the book's written rule for coding Japan's
stance towards the Belt and Road, the yearly chart of the book's codes, the "code the
stance yourself" activity (a live widget in a notebook, a form on the web page), and
AIIB membership over time.

A stance code is a judgement made by a written rule (printed in the chapter): +1 warmer,
0 mixed, -1 cooler. The codes are the ``japan_stance_signal`` column of
``data/events.csv``; ``REASONS`` gives the clause of the rule behind each code, and
the reason each event that looks in scope is not coded. Students code the key events
themselves and only then see the book's codes and reasons beside theirs.

The AIIB milestones dataset mixes two counts: *approved membership* (members plus
prospective members whose applications the AIIB approved) and *members* (who
have completed joining). They are never drawn as one series.
"""

from __future__ import annotations

import html

import pandas as pd
from matplotlib.ticker import MaxNLocator

from bookkit.charts import (
    PALETTE,
    add_source,
    annotate_events,
    decimal_year,
    new_figure,
    year_axis,
)
from bookkit.forms import choice_table, judgement_form
from bookkit.timeline import long_date
from bookkit.widgets import Notice, View

CODES = (-1, 0, 1)
CODE_LABELS = {-1: "-1 cooler", 0: "0 mixed", 1: "+1 warmer"}
CODE_COLOURS = {-1: PALETTE["vermillion"], 0: PALETTE["grey"], 1: PALETTE["bluish green"]}
# The code each clause of the rule gives; S0-S2 say why an event is not coded.
CLAUSE_CODES = {"S3": 1, "S4": -1, "S5": 0}
NOT_CODED = ("S0", "S1", "S2")

# The rule applied (Chapter 2, "The book's coding rule"): event_id -> clause and reason.
# Every coded event is here; so is every event that looks in scope but is not coded.
REASONS = {
    26: "S4: Japan does not apply to be a founding member of the AIIB.",
    27: "S4: Japan launches its own offer for Asian infrastructure, a rival to the AIIB.",
    29: "S2: records the result of Japan's decision of 31 March 2015 (event 26).",
    35: "S4: Japan launches the Free and Open Indo-Pacific, a rival vision for the region.",
    40: "S3: the LDP's secretary-general, Nikai, attends the first Belt and Road Forum.",
    41: "S2: same visit as event 40; the letter was handed over on that trip.",
    42: "S3: the prime minister says Japan is ready to cooperate, on conditions.",
    43: "S3: Abe expresses interest in cooperation (China's readout, confirmed by Kyodo).",
    44: "S5: what Japan's party and business leaders said is known only from China's account.",
    45: "S3: the government drafts guidelines for Japanese firms working with Chinese firms in "
    "third countries.",
    46: "S3: a 'new start' in Japan's account; Reuters reports a proposal of business "
    "cooperation in third countries.",
    47: "S3: national business federations send a record mission with the Belt and Road on "
    "the agenda.",
    48: "S1: the actors are scholars and a former prime minister, not the government, a party "
    "leader or a business federation.",
    49: "S3: Abe says Japan will be able to cooperate well with the Belt and Road.",
    50: "S3: the industry minister backs cooperation in third countries; projects are signed.",
    51: "S2: same trip as event 52; this meeting's record has no Belt and Road content.",
    52: "S3: Nikai urges cooperation in third countries and a revived economic dialogue.",
    53: "S5: 'case by case': readiness and limits in one statement.",
    55: "S3: the High-Level Economic Dialogue includes cooperation in third countries.",
    56: "S3: agreement to set up a public-private forum on infrastructure in third countries.",
    61: "S2: same visit as event 62; its own news (the end of aid to China) is not about the "
    "Belt and Road.",
    62: "S3: the first forum on third-party market cooperation signs agreements (Abe also "
    "stresses standards).",
    65: "S3: the Fifth High-Level Economic Dialogue has cooperation in third countries on its "
    "agenda.",
    66: "S3: Nikai, as Abe's envoy, hands Xi a letter before the Second Belt and Road Forum "
    "(China's account; Nikkei reports Nikai's backing, event 67).",
    67: "S4: Nikkei reports the government keeping its distance from the Belt and Road label.",
    68: "S5: the warm Belt and Road wording is only in China's account; Japan's record stresses "
    "other issues and disputes.",
    70: "S5: the Belt and Road content is Xi's call, in China's account; no Japanese statement "
    "on it is recorded.",
    100: "S4: under Japan's presidency the G20 adopts a quality-infrastructure standard close to "
    "Abe's 2017 conditions (voluntary, so the weakest -1).",
    101: "S4: the state-owned JBIC joins a US-led network that certifies quality "
    "infrastructure, a rival offer.",
}

# The events students code (event_id -> short label); shown in date order.
KEY_EVENTS = {
    26: "No AIIB application",
    27: "Quality-infrastructure offer",
    35: "Free and Open Indo-Pacific",
    40: "Nikai at the Belt and Road Forum",
    42: "Abe's conditions",
    43: "Xi-Abe meeting, Hamburg",
    45: "Third-country guidelines",
    46: "Xi-Abe meeting, Da Nang",
    47: "Record business mission",
    53: "Abe: case by case",
    62: "Third-party market forum",
    66: "Nikai, Abe's envoy, meets Xi",
    67: "Nikkei: keeping its distance",
    100: "G20 infrastructure principles",
    68: "Xi-Abe meeting, Osaka",
    101: "Blue Dot Network",
}


def clause(reason: str) -> str:
    """'S4: ...' -> 'S4'."""
    return reason.split(":", 1)[0]


def coding_table(events: pd.DataFrame, reasons: dict[int, str] = REASONS) -> pd.DataFrame:
    """Every event the rule discusses: its date, text, the book's code and the reason.

    Raises ``LookupError`` if a reason names an event that is not in the timeline."""
    missing = sorted(set(reasons) - set(events["event_id"]))
    if missing:
        raise LookupError(f"Reasons given for events not in the timeline: {missing}.")
    rows = events[events["event_id"].isin(list(reasons))]
    return pd.DataFrame(
        {
            "event_id": rows["event_id"],
            "date": rows["date"],
            "event": rows["event"],
            "code": rows["japan_stance_signal"],
            "reason": rows["event_id"].map(reasons),
        }
    ).reset_index(drop=True)


def yearly_counts(dates: pd.Series, codes: pd.Series, years: range) -> pd.DataFrame:
    """Coded events per year: how many cooler, mixed and warmer, how many in all, the
    year's net (warmer minus cooler) and the running total at the end of each year."""
    year = pd.Series(pd.to_datetime(dates).dt.year.to_numpy(), name="year")
    code = pd.Series(pd.to_numeric(codes).to_numpy(), name="code")
    keep = code.notna() & year.isin(list(years))
    table = pd.crosstab(year[keep], code[keep].astype(int)).reindex(
        index=list(years), columns=list(CODES), fill_value=0
    )
    table.columns = ["cooler", "mixed", "warmer"]
    table.index.name = "year"
    table["coded"] = table[["cooler", "mixed", "warmer"]].sum(axis=1)
    table["net"] = table["warmer"] - table["cooler"]
    table["running"] = table["net"].cumsum()
    return table


def _signed(values) -> str:
    return ", ".join(f"{year} {net:+d}" for year, net in values)


def yearly_view(table: pd.DataFrame, source_line: str) -> View | Notice:
    """The headline chart: the book's coded events in each year, stacked by code, the
    number coded written over each bar, and each year's net (warmer minus cooler)."""
    if table.empty or table["coded"].sum() == 0:
        return Notice("No coded events in these years: choose years from 2013 onwards.")
    years = table.index.to_numpy()
    fig, ax = new_figure(height=4.0)
    bottom = pd.Series(0, index=table.index)
    for code, column in zip(CODES, ["cooler", "mixed", "warmer"], strict=True):
        ax.bar(
            years,
            table[column],
            bottom=bottom,
            width=0.7,
            color=CODE_COLOURS[code],
            edgecolor="white",
            linewidth=0.6,
            label=f"{column} ({CODE_LABELS[code].split()[0]})",
        )
        bottom = bottom + table[column]
    # The net only for years with coded events: a year with none is not a neutral year.
    active = table[table["coded"] > 0]
    ax.scatter(
        active.index,
        active["net"],
        color=PALETTE["black"],
        marker="D",
        s=30,
        zorder=3,
        label="net: warmer minus cooler",
    )
    for year, count in table["coded"].items():
        ax.annotate(
            str(count),
            xy=(year, max(count, 0)),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    ax.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    ax.set_xticks(years, [str(y) for y in years])
    ax.tick_params(axis="x", labelsize=8)
    low = min(int(table["net"].min()), 0) - 1
    ax.set_ylim(low, int(table["coded"].max()) + 2)
    ax.set_ylabel("number of events")
    ax.set_title(
        "Japan's stance towards the Belt and Road: the book's codes, year by year", loc="left"
    )
    ax.legend(
        frameon=False,
        loc="upper left",
        fontsize=8,
        title="figure over a bar: events coded that year",
        title_fontsize=8,
        alignment="left",
    )
    add_source(fig, source_line)

    busy = table["coded"].idxmax()
    quiet_after = table.index[table.index > active.index.max()]
    takeaway = (
        f"The book's rule codes {int(table['coded'].sum())} events from {years[0]} to "
        f"{years[-1]}, most of them in {busy} ({int(table.loc[busy, 'coded'])}). "
        f"Net by year: {_signed(active['net'].items())}."
    )
    if len(quiet_after):
        takeaway += f" No event after {active.index.max()} is coded."
    alt = (
        f"Stacked bar chart of the events the book codes in each year from {years[0]} to "
        f"{years[-1]}, cooler, mixed and warmer, with the number coded over each bar and a line "
        f"of each year's net. {takeaway}"
    )
    return View(fig, alt, takeaway)


# ---------------------------------------------------------- code the stance yourself


def control_name(event_id: int) -> str:
    """The keyword for one event's control: 'e26'."""
    return f"e{int(event_id)}"


def key_events(events: pd.DataFrame, key: dict[int, str] = KEY_EVENTS) -> pd.DataFrame:
    """The events students code, in date order, with the book's code and reason.

    Raises ``LookupError`` if an event is missing from the timeline or has no code."""
    rows = events.set_index("event_id")
    found = []
    for event_id, short in key.items():
        if event_id not in rows.index:
            raise LookupError(f"Event {event_id} ({short}) is not in the timeline.")
        row = rows.loc[event_id]
        if pd.isna(row["japan_stance_signal"]):
            raise LookupError(f"Event {event_id} ({short}) has no stance code in the timeline.")
        found.append(
            {
                "event_id": event_id,
                "date": row["date"],
                "year": row["date"].year,
                "when": long_date(row["date"], row["date_precision"]),
                "short": short,
                "event": row["event"],
                "url": row["url"],
                "book_code": int(row["japan_stance_signal"]),
                "reason": REASONS.get(event_id, ""),
                "control": control_name(event_id),
            }
        )
    return pd.DataFrame(found).sort_values(["date", "event_id"]).reset_index(drop=True)


def codes_from_controls(values: dict) -> dict[int, object]:
    """{'e26': -1, ...} -> {26: -1, ...}."""
    return {int(name[1:]): value for name, value in values.items()}


def _check(key: pd.DataFrame, codes: dict) -> str | None:
    """A message if ``codes`` cannot be compared yet, else None."""
    unknown = sorted(set(codes) - set(key["event_id"]))
    if unknown:
        return f"These events are not among the key events: {', '.join(map(str, unknown))}."
    bad = [
        f"event {e} ({v!r})"
        for e, v in codes.items()
        if v is not None and (v not in CODES or isinstance(v, bool))
    ]
    if bad:
        return f"Codes must be -1, 0 or +1; not valid: {', '.join(bad)}."
    todo = [row.short for row in key.itertuples() if codes.get(row.event_id) is None]
    if len(todo) == len(key):
        return (
            f"Code the {len(key)} events first: choose -1, 0 or +1 for each. The book's codes "
            "stay hidden until every event has yours."
        )
    if todo:
        return (
            f"Still to code: {len(todo)} of {len(key)} events ({'; '.join(todo)}). The book's "
            "codes appear once every event has yours."
        )
    return None


def compare_by_year(key: pd.DataFrame, codes: dict[int, int]) -> pd.DataFrame:
    """Per year of the key events: the student's net and running index, and the book's."""
    yours = key["event_id"].map(codes).astype(int)
    table = pd.DataFrame({"year": key["year"], "yours": yours, "book": key["book_code"]})
    by_year = table.groupby("year")[["yours", "book"]].sum()
    return pd.DataFrame(
        {
            "your net": by_year["yours"],
            "your index": by_year["yours"].cumsum(),
            "book's net": by_year["book"],
            "book's index": by_year["book"].cumsum(),
        }
    )


def compare_view(key: pd.DataFrame, source_line: str, codes: dict[int, object]) -> View | Notice:
    """Once every key event has the student's code: their stance index year by year beside
    the book's, and the book's code and reason for each event."""
    problem = _check(key, codes)
    if problem:
        return Notice(problem)
    by_year = compare_by_year(key, codes)
    years = by_year.index.to_numpy()

    fig, ax = new_figure(height=3.8)
    ax.plot(
        years,
        by_year["book's index"],
        color=PALETTE["blue"],
        marker="o",
        linewidth=2,
        label="the book's index",
    )
    ax.plot(
        years,
        by_year["your index"],
        color=PALETTE["vermillion"],
        marker="D",
        linestyle="--",
        linewidth=2,
        label="your index",
    )
    ax.axhline(0, color=PALETTE["grey"], linewidth=0.8)
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.4, years[-1] + 0.4)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # indexes are whole numbers
    ax.set_ylabel("running total of codes, end of year")
    ax.set_title("Your stance index and the book's, year by year", loc="left")
    ax.legend(frameon=False, loc="upper left")
    add_source(fig, source_line)

    yours = key["event_id"].map(codes).astype(int)
    differ = yours.ne(key["book_code"])
    agree = len(key) - int(differ.sum())
    end = years[-1]
    your_end, book_end = by_year.loc[end, "your index"], by_year.loc[end, "book's index"]
    takeaway = (
        f"You and the book agree on {agree} of {len(key)} events. At the end of {end} your "
        f"index is {int(your_end):+d} and the book's {int(book_end):+d}."
    )
    gaps = by_year["your net"].ne(by_year["book's net"])
    if gaps.any():
        takeaway += (
            " Your yearly net differs from the book's in "
            + ", ".join(str(y) for y in by_year.index[gaps])
            + "."
        )
    alt = (
        f"Line chart of two stance indexes at the end of each year from {years[0]} to {end}: "
        f"the book's (solid) and yours (dashed). {takeaway}"
    )
    shown = pd.DataFrame(
        {
            "date": key["when"],
            "event": key["short"],
            "your code": yours.map("{:+d}".format),
            "book's code": key["book_code"].map("{:+d}".format),
            "differs": differ.map({True: "yes", False: ""}),
            "the book's reason": key["reason"],
        }
    )
    shown.index = shown.index + 1
    return View(fig, alt, takeaway, shown)


def compare_from_controls(key: pd.DataFrame, source_line: str, **values) -> View | Notice:
    """``compare_view`` for controls named with ``control_name`` (what ``live`` passes)."""
    return compare_view(key, source_line, codes_from_controls(values))


# The web page's version of compare_view (bookkit.forms): the same comparison, in the
# reader's browser, from the radio buttons the student chose. tests/test_widgets_ch02.py
# runs it in Node.js and checks it against compare_by_year.
STANCE_JS = r"""
(values, data) => {
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const signed = (n) => (n > 0 ? '+' : '') + n;
  const todo = data.events.filter((e) => values['code-' + e.id] === undefined);
  if (todo.length === data.events.length) {
    return 'Nothing chosen yet: code every event, then press the button.';
  }
  if (todo.length) {
    return 'Still to code: ' + todo.length + ' of ' + data.events.length + ' events ('
      + todo.map((e) => esc(e.short)).join('; ') + '). The book’s codes appear once '
      + 'every event has yours.';
  }
  const years = [...new Set(data.events.map((e) => e.year))].sort();
  let yours = 0, book = 0, agree = 0;
  const rows = years.map((year) => {
    const these = data.events.filter((e) => e.year === year);
    const yourNet = these.reduce((s, e) => s + Number(values['code-' + e.id]), 0);
    const bookNet = these.reduce((s, e) => s + e.book, 0);
    yours += yourNet; book += bookNet;
    return '<tr><th scope="row">' + year + '</th><td>' + signed(yourNet) + '</td><td>'
      + signed(yours) + '</td><td>' + signed(bookNet) + '</td><td>' + signed(book)
      + '</td></tr>';
  });
  const differ = data.events.filter((e) => {
    const same = Number(values['code-' + e.id]) === e.book;
    agree += same ? 1 : 0;
    return !same;
  });
  const list = differ.map((e) => '<li><strong>' + esc(e.short) + '</strong>: you '
    + signed(Number(values['code-' + e.id])) + ', the book ' + signed(e.book) + '. '
    + 'The book’s reason: ' + esc(e.reason) + '</li>').join('');
  return '<p>You and the book agree on ' + agree + ' of ' + data.events.length
    + ' events. At the end of ' + years[years.length - 1] + ' your index is '
    + signed(yours) + ' and the book’s ' + signed(book) + '.</p>'
    + '<table class="bk-choices bk-stance-result"><caption>Your index and the book’s, '
    + 'year by year</caption><thead><tr><th scope="col">Year</th><th scope="col">You: net'
    + '</th><th scope="col">You: index</th><th scope="col">Book: net</th>'
    + '<th scope="col">Book: index</th></tr></thead><tbody>' + rows.join('')
    + '</tbody></table>'
    + (differ.length ? '<p>Where you differ, defend your code in one sentence:</p><ul>'
      + list + '</ul>' : '<p>You coded every event as the book does.</p>');
}
"""


def stance_form(key: pd.DataFrame) -> str:
    """The activity for the web page: a radio button per code for each key event, a
    button, and the comparison with the book (computed in the browser by ``STANCE_JS``)."""
    rows = [
        (
            str(row.event_id),
            f"<strong>{html.escape(row.when)}: {html.escape(row.short)}</strong><br>"
            # The timeline's own words, smaller, and wrapping anywhere so the row fits 390 px.
            '<span class="bk-stance-event" style="font-weight:normal;font-size:.85em;'
            f'overflow-wrap:anywhere">{html.escape(row.event)} '
            f'(<a href="{html.escape(row.url, quote=True)}">source</a>)</span>',
        )
        for row in key.itertuples()
    ]
    choices = [(str(code), CODE_LABELS[code]) for code in CODES]
    data = {
        "events": [
            {
                "id": str(row.event_id),
                "year": int(row.year),
                "short": row.short,
                "book": int(row.book_code),
                "reason": row.reason,
            }
            for row in key.itertuples()
        ]
    }
    return judgement_form(
        "ch02-stance",
        intro=(f"Code each of the {len(key)} events by the rule, then press the button."),
        body=choice_table("code", rows, choices, caption="Your codes"),
        data=data,
        compute=STANCE_JS.strip(),
        button="Compare with the book's codes",
    )


# ---------------------------------------------------------- AIIB membership

MEASURES = {
    "approved": "approved membership (members + prospective members)",
    "members": "full members",
    "both": "approved membership and full members",
}
# Economies the widget offers, and the two whose absence the chart marks.
ECONOMIES = ["JPN", "USA", "CHN", "KOR", "AUS", "IND", "GBR", "DEU", "FRA", "ITA", "CAN", "BRA"]
NAMES = {
    "JPN": "Japan",
    "USA": "United States",
    "CHN": "China",
    "KOR": "Korea",
    "AUS": "Australia",
    "IND": "India",
    "GBR": "United Kingdom",
    "DEU": "Germany",
    "FRA": "France",
    "ITA": "Italy",
    "CAN": "Canada",
    "BRA": "Brazil",
}
MARKED_ABSENT = ("JPN", "USA")


def _with_the(names: list[str]) -> list[str]:
    return [f"the {n}" if n in ("United States", "United Kingdom") else n for n in names]


def status(founding: pd.DataFrame, prospective: pd.DataFrame, code: str) -> str:
    """What the two membership lists say about one economy, in a sentence."""
    name = _with_the([NAMES.get(code, code)])[0]
    name = name[0].upper() + name[1:]  # "The United States ..." starts the sentence
    row = founding[founding["economy_code"] == code]
    if len(row):
        row = row.iloc[0]
        signed = (
            "signed the Articles of Agreement at the Beijing ceremony of 29 June 2015"
            if row["signed_at_2015_06_29"]
            else "did not sign at the ceremony of 29 June 2015 but signed later"
        )
        later = (
            " It was still only a prospective member (not yet ratified) on 31 March 2020."
            if row["not_yet_member_at_2020_03_31"]
            else ""
        )
        return (
            f"{name} was one of the {len(founding)} prospective founding members and "
            f"{signed}.{later}"
        )
    in_2020 = code in set(prospective["economy_code"])
    after = (
        " It was an approved prospective member on 31 March 2020."
        if in_2020
        else " Nor is it on the AIIB's list of prospective members of 31 March 2020; the book "
        "has no later list, so it cannot show whether it joined later."
    )
    return f"{name} is not among the {len(founding)} prospective founding members.{after}"


def membership_view(
    milestones: pd.DataFrame,
    founding: pd.DataFrame,
    prospective: pd.DataFrame,
    source_line: str,
    marks: list[tuple[pd.Timestamp, str]],
    measure: str,
    economy: str,
) -> View | Notice:
    """AIIB counts at each dated milestone, approved membership and/or full members,
    with Japan's and the United States' absence from the founding members marked."""
    if measure not in MEASURES:
        return Notice(f"Unknown count {measure!r}: choose one of {', '.join(MEASURES)}.")
    if economy not in NAMES:
        return Notice(f"Choose an economy from the list ({', '.join(NAMES.values())}).")

    fig, ax = new_figure(height=4.0)
    drawn = []
    if measure in ("approved", "both"):
        rows = milestones.dropna(subset=["approved_membership_total"])
        x = rows["date"].map(decimal_year)
        ax.step(
            x,
            rows["approved_membership_total"],
            where="post",
            color=PALETTE["blue"],
            linewidth=2,
            label="approved membership",
        )
        exact = rows["date_precision"].ne("year")
        ax.scatter(
            x[exact],
            rows.loc[exact, "approved_membership_total"],
            color=PALETTE["blue"],
            zorder=3,
            s=22,
        )
        ax.scatter(
            x[~exact],
            rows.loc[~exact, "approved_membership_total"],
            facecolor="white",
            edgecolor=PALETTE["blue"],
            zorder=3,
            s=30,
            label="year known, not the day",
        )
        drawn.append(("approved membership", rows, "approved_membership_total"))
    if measure in ("members", "both"):
        rows = milestones.dropna(subset=["members"])
        ax.scatter(
            rows["date"].map(decimal_year),
            rows["members"],
            marker="s",
            color=PALETTE["orange"],
            edgecolor="black",
            linewidth=0.5,
            zorder=4,
            s=40,
            label="full members",
        )
        drawn.append(("full members", rows, "members"))
    ax.set_ylim(0, 120)
    ax.set_xlim(2014.5, 2025.0)
    ax.set_ylabel("number of economies")
    # The short name: a title wider than the axes would unsettle the tracked margins.
    ax.set_title(f"AIIB: {MEASURES[measure].split(' (')[0]}, 2014-2024", loc="left")
    absent = [NAMES[c] for c in MARKED_ABSENT if c not in set(founding["economy_code"])]
    if absent:
        ax.text(
            0.99,
            0.04,
            "Not among the founding members:\n" + " and ".join(_with_the(absent)),
            transform=ax.transAxes,
            ha="right",
            va="bottom",
            fontsize=9,
            color=PALETTE["vermillion"],
            bbox={
                "facecolor": "white",
                "edgecolor": PALETTE["vermillion"],
                "boxstyle": "round,pad=0.3",
            },
        )
    ax.legend(frameon=False, loc="upper left", fontsize=8)
    year_axis(ax)
    annotate_events(ax, marks)
    add_source(fig, source_line)

    counts = []
    for label, rows, column in drawn:
        first, last = rows.iloc[0], rows.iloc[-1]
        counts.append(
            f"{label} {int(first[column])} ({first['date'].year}) to {int(last[column])} "
            f"({last['date'].year})"
        )
    takeaway = f"AIIB {'; '.join(counts)}. {status(founding, prospective, economy)}"
    alt = (
        "Chart of AIIB membership counts at dated milestones from 2014 to 2024, showing "
        f"{MEASURES[measure]}; "
        f"a box notes that {' and '.join(_with_the(absent)) or 'no marked economy'} are not "
        f"founding members. {takeaway}"
    )
    return View(fig, alt, takeaway)
