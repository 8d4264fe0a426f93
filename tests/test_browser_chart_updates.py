"""After a control move that only changes a chart's data, every chart on the page shows the new values (issue 21).

Checked in a real browser, in both languages, on what Vega draws (not on what the server sent): each chart's Vega
view is read back from the page (its scenegraph: every mark item's geometry, style and datum, for SVG and canvas
charts alike), with the chart's description.

1. Every chart after the move is the chart a new session draws for the same settings (a fresh tab at the page's
   new URL). A chart that kept its old data, or was updated in place only in part (some rows, not the axes),
   differs from the fresh one.
2. The move changed the charts that depend on the setting (so check 1 compares something that moved).
3. The values drawn are core's for the new setting: softmax's probabilities, gradient and entropy at the new
   temperature; each activation's per-layer gradient norms at the new depth.
"""

from __future__ import annotations

import json
import re
import urllib.parse

import numpy as np
import pytest

from core.softmax import cross_entropy_grad, entropy_vs_temperature, softmax_parts
from core.stacking import gradient_flow
from tests.test_browser import fresh_page
from ui.activations import controls as act_controls
from ui.activations import view as act_view
from ui.common.i18n import TEXT
from ui.softmax import state as sm_state

pytestmark = pytest.mark.browser

QUIET_MS = 400

# The page has settled: no script running, and no DOM change for QUIET_MS (Vega draws after the script ends).
QUIET_JS = """(quiet) => new Promise((resolve) => {
  let last = performance.now();
  const obs = new MutationObserver(() => { last = performance.now(); });
  obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  const tick = () => {
    const el = document.querySelector('[data-test-script-state]');
    const idle = el && el.getAttribute('data-test-script-state') === 'notRunning';
    if (idle && document.querySelector('h1') && performance.now() - last >= quiet) { obs.disconnect(); resolve(); }
    else setTimeout(tick, 50);
  };
  tick();
})"""

# What each chart shows, read from the Vega view that drew it (SVG or canvas alike): its description and its
# scenegraph, the scene Vega renders. Per mark: its type, role and name; per item, its geometry and style and its
# datum's plain fields. Streamlit 1.67 keeps the view in a React ref of the chart component:
# it is found through the React fiber of the ``.vega-embed`` element and must be the view drawing in that element.
GEOMETRY = ["x", "y", "x2", "y2", "width", "height", "size", "angle", "text", "path", "opacity", "fill", "stroke"]
GEOMETRY += ["strokeDash", "defined", "shape"]
CHARTS_JS = """() => {
  const isView = (v) => v && typeof v === 'object' && typeof v.scenegraph === 'function'
    && typeof v.container === 'function';
  const viewOf = (embed) => {
    const key = Object.keys(embed).find((k) => k.startsWith('__reactFiber'));
    let fiber = key ? embed[key] : null;
    for (let depth = 0; fiber && depth < 40; depth++, fiber = fiber.return) {
      for (let hook = fiber.memoizedState, i = 0; hook && typeof hook === 'object' && 'next' in hook && i < 200;
           hook = hook.next, i++) {
        const s = hook.memoizedState;
        for (const v of [s, s && typeof s === 'object' ? s.current : null]) {
          if (isView(v) && v.container() === embed) return v;
        }
      }
    }
    return null;
  };
  const GEOMETRY = GEOMETRY_JSON;
  const plain = (datum) => Object.entries(datum || {})
    .filter(([, v]) => v === null || typeof v !== 'object')
    .map(([k, v]) => [k, v]);
  return [...document.querySelectorAll('.vega-embed')].map((embed) => {
    const view = viewOf(embed);
    if (!view) return { description: embed.getAttribute('aria-label') || '', found: false, marks: [] };
    const marks = [];
    const walk = (mark) => {
      const items = [];
      for (const item of mark.items || []) {
        if (item.exit) continue;
        items.push([GEOMETRY.map((k) => (Array.isArray(item[k]) ? item[k].join(',') : item[k] ?? null)),
          plain(item.datum)]);
      }
      marks.push({ type: mark.marktype, role: mark.role || '', name: mark.name || '', items });
      for (const item of mark.items || []) if (!item.exit) for (const sub of item.items || []) walk(sub);
    };
    walk(view.scenegraph().root);
    return { description: embed.getAttribute('aria-label') || '', found: true, marks };
  });
}""".replace("GEOMETRY_JSON", json.dumps(GEOMETRY))


def _settle(page) -> None:
    page.wait_for_timeout(300)  # a rerun asked for a moment ago may not have started
    page.evaluate(QUIET_JS, QUIET_MS)


def _charts(page) -> list[dict]:
    page.wait_for_selector(".vega-embed", state="attached", timeout=60_000)
    return page.evaluate(CHARTS_JS)


def _numbers(chart: dict) -> list[float]:
    """Every number in the data of the chart's marks (not its axes and legends): the values Vega drew."""
    return [
        float(v)
        for mark in chart["marks"]
        if mark["role"] == "mark"
        for _, datum in mark["items"]
        for _, v in datum
        if isinstance(v, int | float) and not isinstance(v, bool)
    ]


def _shows(chart: dict, expected, rel: float = 1e-9) -> bool:
    """Does the chart draw every value of ``expected`` (to ``rel``: Vega holds the float64 the page sent)?"""
    drawn = np.array(_numbers(chart))
    if drawn.size == 0:
        return False
    return all(np.any(np.abs(drawn - v) <= rel * max(abs(v), 1e-12)) for v in np.ravel(expected))


def _holding(charts: list[dict], expected, what: str) -> dict:
    found = [c for c in charts if _shows(c, expected)]
    assert found, f"no chart shows {what} {np.round(np.ravel(expected), 6).tolist()}"
    return found[0]


# Geometry may differ a little between a chart updated in place and a new one: Vega sizes the plot to fit its
# container around the axis labels it drew (a few px), a font may be drawn later. The data must not differ.
PX = 2.0
SHARE = 0.02  # of the chart's width (x-like keys) or height (y-like keys)
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
X_KEYS, Y_KEYS = {"x", "x2", "width"}, {"y", "y2", "height"}


def _frame(chart: dict) -> tuple[float, float]:
    """(width, height) of the chart's root group."""
    geometry = chart["marks"][0]["items"][0][0] if chart["marks"] and chart["marks"][0]["items"] else []
    width, height = (geometry[GEOMETRY.index(k)] for k in ("width", "height")) if geometry else (0, 0)
    return float(width or 0), float(height or 0)


def _same_geometry(key: str, a, b, frame: tuple[float, float]) -> bool:
    tolerance = PX + SHARE * max(frame)
    if key in X_KEYS:
        tolerance = PX + SHARE * frame[0]
    elif key in Y_KEYS:
        tolerance = PX + SHARE * frame[1]
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        if key == "size":  # a symbol's area
            return abs(a - b) <= 0.05 * max(abs(a), abs(b)) + 1
        if key in X_KEYS | Y_KEYS:
            return abs(a - b) <= tolerance
        return abs(a - b) <= 1e-6  # opacity, angle
    if key == "path" and isinstance(a, str) and isinstance(b, str) and a != b:
        # An SVG path: its numbers (a polygon may start at another vertex when its cell moved by a pixel).
        xs, ys = sorted(map(float, NUMBER.findall(a))), sorted(map(float, NUMBER.findall(b)))
        return len(xs) == len(ys) and all(abs(x - y) <= tolerance for x, y in zip(xs, ys))
    return a == b


def _same_datum(a: list, b: list, frame: tuple[float, float]) -> bool:
    """The same fields and values (numbers as float64 from the page: equal to rounding).

    A datum that is itself a scene item (a Voronoi cell's datum is the point it belongs to: it has ``exit``) holds
    geometry: compared as geometry."""
    if [k for k, _ in a] != [k for k, _ in b]:
        return False
    scene_item = any(k == "exit" for k, _ in a)
    for (key, x), (_, y) in zip(a, b):
        if scene_item and key in GEOMETRY:
            if not _same_geometry(key, x, y, frame):
                return False
        elif isinstance(x, int | float) and isinstance(y, int | float) and not isinstance(x, bool):
            if abs(x - y) > 1e-9 * max(abs(x), abs(y)) + 1e-300:
                return False
        elif x != y:
            return False
    return True


def _item_difference(x: list, y: list, frame: tuple[float, float]) -> str | None:
    (geo_x, datum_x), (geo_y, datum_y) = x, y
    if not _same_datum(datum_x, datum_y, frame):
        return f"datum {datum_x} vs {datum_y}"
    for key, a, b in zip(GEOMETRY, geo_x, geo_y):
        if not _same_geometry(key, a, b, frame):
            return f"{key} {a!r} vs {b!r} (datum {datum_x})"
    return None


def _difference(a: dict, b: dict) -> str | None:
    """Where chart ``a`` differs from chart ``b`` (None: they show the same)."""
    if a["description"] != b["description"]:
        return f"description: {a['description'][:120]!r} vs {b['description'][:120]!r}"
    if len(a["marks"]) != len(b["marks"]):
        return f"{len(a['marks'])} vs {len(b['marks'])} marks"
    for m, n in zip(a["marks"], b["marks"]):
        where = f"{m['type']} {m['role']} {m['name']!r}"
        if (m["type"], m["role"], m["name"]) != (n["type"], n["role"], n["name"]):
            return f"{where} vs {n['type']} {n['role']} {n['name']!r}"
        if len(m["items"]) != len(n["items"]):
            return f"{where}: {len(m['items'])} vs {len(n['items'])} items"
        for x, y in zip(m["items"], n["items"]):
            diff = _item_difference(x, y, _frame(b))
            if diff:
                return f"{where}: {diff}"
    return None


def _differences(charts: list[dict], others: list[dict]) -> list[str]:
    if len(charts) != len(others):
        return [f"{len(charts)} charts vs {len(others)}"]
    return [
        f"chart {i + 1} ({a['description'][:60]!r}): {diff}"
        for i, (a, b) in enumerate(zip(charts, others))
        if (diff := _difference(a, b))
    ]


def _move(page, label: str, param: str) -> str:
    """ArrowRight on the slider ``label``; the new value as the page's URL carries it."""
    before = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query).get(param)
    slider = page.get_by_role("slider", name=label).first
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_function(
        "([param, before]) => new URLSearchParams(location.search).get(param) !== before",
        arg=[param, before[0] if before else None],
        timeout=60_000,
    )
    _settle(page)
    return urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)[param][0]


def _check_against_fresh_session(page, before: list[dict], *, changed_at_least: int) -> list[dict]:
    """Every chart equals the one a new session draws at the page's URL; ``changed_at_least`` of them moved."""
    fresh_tab = page.context.browser.new_page(viewport=page.viewport_size)  # a new session, the same window size
    try:
        fresh_tab.goto(page.url, wait_until="domcontentloaded")
        _settle(fresh_tab)
        fresh = _charts(fresh_tab)
    finally:
        fresh_tab.close()
    after = _charts(page)
    for _ in range(20):  # Vega may still be drawing: a stale chart stays stale, a slow one catches up
        if not _differences(after, fresh):
            break
        page.wait_for_timeout(250)
        after = _charts(page)
    assert len(after) == len(fresh), f"{len(after)} charts after the move, a new session draws {len(fresh)}"
    stale = _differences(after, fresh)
    assert not stale, "charts that do not show what a new session shows at the same settings:\n" + "\n".join(stale)
    assert all(c["found"] for c in after), "the Vega view of a chart was not found (Streamlit's frontend changed?)"
    assert all(_numbers(c) for c in after), "a chart drew no data"
    moved = sum(bool(_difference(a, b)) for a, b in zip(after, before)) if len(after) == len(before) else len(after)
    assert moved >= changed_at_least, f"only {moved} charts changed with the move (expected ≥ {changed_at_least})"
    return after


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_softmax_temperature_updates_every_chart(lang):
    z, y = np.array(sm_state.DEFAULT_Z), sm_state.Y.default
    with fresh_page() as (page, base):
        page.goto(f"{base}/softmax?lang={lang}", wait_until="domcontentloaded")
        _settle(page)
        before = _charts(page)
        _holding(before, softmax_parts(z, temperature=1.0).probs, "the probabilities at T = 1")
        temperature = float(_move(page, TEXT["softmax.temperature"][lang], "sm_T"))
        assert temperature != 1.0
        # probabilities, gradient (bars and the why-section), the saturation curve's point (the "why" tab is open)
        after = _check_against_fresh_session(page, before, changed_at_least=4)
        probs = softmax_parts(z, temperature=temperature).probs
        _holding(after, probs, f"the probabilities at T = {temperature:g}")
        _holding(after, cross_entropy_grad(z, y, temperature=temperature), f"the gradient at T = {temperature:g}")
        old = softmax_parts(z, temperature=1.0).probs
        assert not any(_shows(c, old) for c in after), "a chart still shows the probabilities at T = 1"
        # the entropy tab (lazy: drawn when opened) shows the entropy at the new temperature
        page.get_by_role("tab", name=TEXT["softmax.tab.entropy"][lang], exact=True).click()
        entropy = [temperature, entropy_vs_temperature(z, [temperature])[0]]
        for _ in range(40):  # the tab's rerun draws it
            _settle(page)
            if any(_shows(c, entropy) for c in _charts(page)):
                break
        _holding(_charts(page), entropy, f"the entropy at T = {temperature:g}")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_activations_depth_updates_every_chart(lang):
    names, init = act_controls.DEFAULT_NAMES, act_controls.INIT.default
    default_depth = act_controls.DEPTH.default

    def norms(depth: int) -> dict[str, np.ndarray]:
        return {
            n: gradient_flow(n, depth=depth, width=act_view.FLOW_WIDTH, init=init, seed=act_view.FLOW_SEED, params={})
            for n in names
        }

    with fresh_page() as (page, base):
        page.goto(f"{base}/activations?lang={lang}", wait_until="domcontentloaded")
        _settle(page)
        before = _charts(page)
        for name, values in norms(default_depth).items():
            _holding(before, values, f"{name}'s gradient norms at depth {default_depth}")
        depth = int(float(_move(page, TEXT["activations.flow.depth"][lang], "act_depth")))
        assert depth != default_depth
        after = _check_against_fresh_session(page, before, changed_at_least=1)
        for name, values in norms(depth).items():
            _holding(after, values, f"{name}'s gradient norms at depth {depth}")
