"""Presentation: the dashboard as full-width slides on a big screen in a forum hall.

Opened from a link of any page it keeps that link's filters and language (the frame reads both from the
URL) but draws no sidebar, no filter widgets and no navigation — only its own controls, so a speaker cannot
wander off to another page (least of all the editing page) in front of the guests. The current slide is
`?slide=N` in the URL: a reload, a shared link and the language switch all keep it.

Keys: ← / → on the visible buttons, and PageUp / PageDown (what a presenter's clicker sends) and Space on
hidden twins of them — all through `st.button(shortcut=…)`, Streamlit's own shortcuts, so no script of ours
runs in the browser. The only HTML injected is the constant style sheet and the map's colour key (palette
colours and escaped catalogue labels).
"""

from __future__ import annotations

import datetime
import html
import time

import streamlit as st

from cooperation import share, slides, ui
from cooperation.filters import P_LANG, FilteredView
from cooperation.i18n import LANGS
from cooperation.loading import Dataset
from cooperation.ui import coverage, derived, filter_summary, plain, urlstate

ctx = ui.current()

P_SLIDE = "slide"
PREV, NEXT = "present_prev", "present_next"
KEY_TWINS = (
    ("present_key_pageup", "PageUp", -1),
    ("present_key_pagedown", "PageDown", 1),
    ("present_key_space", "Space", 1),
)
LANG_WIDGET = "present_lang"
AUTO_WIDGET = "present_auto"
SECONDS_WIDGET = "present_seconds"
SHOWN = "present_shown"  # (slide, time it was first shown): what the auto-advance timer measures from
DEFAULT_SECONDS, MIN_SECONDS, MAX_SECONDS = 30, 5, 600
TIMER_TOLERANCE_S = 0.5
NOTES_ROOM = 52  # px above the figure for its notes (or the map's colour key)

# Constant: no value from the data or the URL is ever put into it.
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarNav"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
.st-key-present_keys { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.4rem 2.5rem 0.3rem; max-width: 100%; }
[data-testid="stMain"] h1 { font-size: 2.6rem; line-height: 1.15; padding: 0; font-weight: 700; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p { font-size: 1.35rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.05rem; color: #4B5563; }
[data-testid="stMain"] [data-testid="stAlert"] [data-testid="stMarkdownContainer"] p {
  font-size: 1.9rem; line-height: 1.35; }
[data-testid="stMain"] [data-testid="stAlert"] [data-testid="stIconMaterial"] { font-size: 2.2rem; }
[data-testid="stMain"] .st-key-present_prev button, [data-testid="stMain"] .st-key-present_next button {
  min-height: 4.2rem; }
[data-testid="stMain"] .st-key-present_prev button [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] .st-key-present_next button [data-testid="stMarkdownContainer"] p {
  font-size: 2.6rem; line-height: 1; }
[data-testid="stMain"] .st-key-present_prev button kbd, [data-testid="stMain"] .st-key-present_next button kbd {
  font-size: 1.1rem; }
[data-testid="stMain"] .st-key-present_counter [data-testid="stMarkdownContainer"] p {
  font-size: 2.4rem; font-weight: 700; text-align: right; white-space: nowrap; }
[data-testid="stMain"] .st-key-present_notes [data-testid="stMarkdownContainer"] p {
  font-size: 1.3rem; color: #374151; }
.present-legend { font-size: 1.35rem; }
.present-legend span.item { margin-right: 1.6rem; white-space: nowrap; }
.present-legend span.dot { font-size: 1.8rem; vertical-align: -0.15rem; }
.present-legend span.note { color: #374151; margin-left: 1rem; }
</style>
"""


SLIDE = urlstate.Binding(
    name="slide",
    params=(P_SLIDE,),
    parse=lambda query: (slides.slide_number((query.get(P_SLIDE) or [None])[-1]), []),
    to_query=lambda number: {P_SLIDE: [str(number)]},
    to_widgets=lambda number: {},
)


def build(view: FilteredView, dataset: Dataset, lang: str, number: int, day: datetime.date) -> slides.SlideContent:
    return slides.build(slides.SLIDES[number - 1], view, dataset, lang, day)


def _go(number: int) -> None:
    st.query_params[P_SLIDE] = str(slides.slide_number(number))


def _switch_language(chosen: str) -> None:
    if chosen in LANGS:
        st.query_params[P_LANG] = chosen


def _legend(items: tuple[tuple[str, str], ...], notes: tuple[str, ...]) -> None:
    """The map's colour key and its notes on one line; every text is escaped (names come from the data)."""
    spans = "".join(
        f'<span class="item"><span class="dot" style="color:{html.escape(color)}">●</span> {html.escape(text)}</span>'
        for color, text in items
    )
    spans += "".join(f'<span class="note">{html.escape(note)}</span>' for note in notes)
    st.markdown(f'<div class="present-legend">{spans}</div>', unsafe_allow_html=True)


def _header(slide: slides.Slide, number: int) -> None:
    title, language, count = st.columns([10, 1.6, 1.2], vertical_alignment="center")
    title.title(ctx.t(slide.title_key), anchor=False)
    # Two plain buttons, not a segmented control: a focused segmented control keeps the arrow keys for itself,
    # and the speaker's ← / → stopped turning the slides after a language switch.
    with language.container(horizontal=True, gap="small", key=LANG_WIDGET):
        for code in LANGS:
            st.button(
                code.upper(),
                key=f"{LANG_WIDGET}_{code}",
                on_click=_switch_language,
                args=(code,),
                type="primary" if code == ctx.lang else "secondary",
            )
    with count.container(key="present_counter"):
        st.markdown(slides.counter(number))


def _body(slide: slides.Slide, number: int) -> None:
    """The slide's notes and figure in a stage of fixed height, so the buttons below never move."""
    content = derived(ctx, build, number, ui.today())
    with st.container(height=slides.SLIDE_HEIGHT + NOTES_ROOM, border=False, key="present_stage"):
        if content.legend:
            _legend(content.legend, content.notes)
        elif content.notes:
            with st.container(key="present_notes"):
                st.markdown(" · ".join(plain(note) for note in content.notes))
        if content.figure is None:
            st.info(content.empty or ctx.t("common.empty"), icon=":material/search_off:")
        elif slide.kind == "map":
            st.pydeck_chart(content.figure, height=slides.SLIDE_HEIGHT, key=f"slide_{slide.key}")
        else:
            # The slide's own look, not Streamlit's chart theme: large type for a hall.
            st.vega_lite_chart(content.figure, width="stretch", theme=None, key=f"slide_{slide.key}")


def _tick(number: int, seconds: int) -> None:
    """Runs every `seconds` while auto-advance is on: moves to the next slide once this one had its time."""
    shown, since = st.session_state.get(SHOWN, (number, time.monotonic()))
    if shown == number and time.monotonic() - since >= seconds - TIMER_TOLERANCE_S:
        _go(slides.next_in_loop(number))
        st.rerun()


def _controls(number: int) -> None:
    last = len(slides.SLIDES)
    back, middle, forward = st.columns([1.2, 8, 1.2], vertical_alignment="center")
    back.button(
        "◀",
        key=PREV,
        on_click=_go,
        args=(number - 1,),
        disabled=number <= 1,
        shortcut="Left",
        help=ctx.t("present.prev"),
        width="stretch",
    )
    forward.button(
        "▶",
        key=NEXT,
        on_click=_go,
        args=(number + 1,),
        disabled=number >= last,
        shortcut="Right",
        help=ctx.t("present.next"),
        width="stretch",
        type="primary",
    )
    with middle:
        toggle, seconds_box, _, code = st.columns([1.2, 1.2, 3, 1], vertical_alignment="center")
        auto = toggle.toggle(ctx.t("present.auto"), key=AUTO_WIDGET)
        seconds = DEFAULT_SECONDS
        if auto:
            seconds = seconds_box.number_input(
                ctx.t("present.seconds"),
                min_value=MIN_SECONDS,
                max_value=MAX_SECONDS,
                value=DEFAULT_SECONDS,
                step=5,
                key=SECONDS_WIDGET,
            )
        if code.button(
            "QR",
            key="present_qr",
            shortcut="Q",
            help=ctx.t("share.qr_button"),
            icon=":material/qr_code_2:",
            width="stretch",
        ):
            share.hall_code(ctx.lang, {**ctx.query, **SLIDE.to_query(number)})
    with st.container(key="present_keys"):
        for key, shortcut, delta in KEY_TWINS:
            target = number + delta
            st.button(
                shortcut, key=key, on_click=_go, args=(target,), shortcut=shortcut, disabled=not 1 <= target <= last
            )
    if auto:
        st.fragment(_tick, run_every=datetime.timedelta(seconds=int(seconds)))(number, int(seconds))


def body() -> None:
    st.markdown(CSS, unsafe_allow_html=True)
    number, _ = urlstate.bind(SLIDE, ctx.requested)
    urlstate.write(SLIDE, number)
    if st.session_state.get(SHOWN, (None,))[0] != number:
        st.session_state[SHOWN] = (number, time.monotonic())
    slide = slides.SLIDES[number - 1]
    _header(slide, number)
    _body(slide, number)
    _controls(number)
    # The filters and the coverage line (issue 10) under every slide, side by side: the screen's height is dear.
    filters_col, coverage_col = st.columns([2, 3])
    filters_col.caption(plain(filter_summary(ctx)))
    coverage_col.caption(plain(coverage(ctx)))


body()
