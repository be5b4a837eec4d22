"""Website speed benchmark: ``python -m bot.devtools.bench_web [--runs 5]`` (``make bench-web``).

Starts the website (``python -m bot.webapp``) on a free port and loads the page in Debian's Chromium
(Playwright) on a slow phone: Playwright's "Moto G4" device, the network of Chrome DevTools' "Fast
3G" preset (562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up) and the CPU slowed 4×. Prints,
for a first visit (empty cache) and a second one (cache and service worker warm), the median over
``--runs`` of:

- first render: the first contentful paint;
- site list: the moment the list of sites is on screen;
- requests and bytes over the wire (compressed sizes) of the page's own origin.

Baseline, measured in the same run on the same machine: the same first visit without any slowing
(desktop size, full speed). The ratio says what the slow phone costs, whatever the machine's load.
The issue's budget (first render < 1 s, site list < 2 s on the slow phone) is printed beside the
figures; this is a benchmark that prints, not a test that fails. Tiles and the chat point at
addresses that do not answer, as in the browser tests: what is measured is the website itself.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from playwright.sync_api import sync_playwright

from bot.ops.serve import start_website

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
]
FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375}
CPU_SLOWDOWN = 4
BUDGET_MS = {"first render": 1000, "site list": 2000}
UNREACHABLE = "http://127.0.0.1:9"

# Notes the moment the first site is listed (run before the page's scripts, by the browser itself).
WATCH_LIST = """new MutationObserver((changes, observer) => {
  if (document.querySelector('#site-list li')) {
    window.siteListAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });"""

MEASURE = """() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const own = performance.getEntriesByType('resource').filter(e => e.name.startsWith(location.origin));
  const navigation = performance.getEntriesByType('navigation')[0];
  return {
    'first render': paint ? paint.startTime : null,
    'site list': window.siteListAt,
    requests: own.length + 1,
    bytes: own.reduce((sum, e) => sum + e.transferSize, 0) + navigation.transferSize,
  };
}"""


def visit(page, url: str) -> dict[str, float]:
    page.goto(url)
    page.wait_for_selector("#site-list li", state="attached", timeout=60000)
    return page.evaluate(MEASURE)


def measure(browser, playwright, url: str, slow: bool) -> tuple[dict, dict]:
    """One first visit and one second visit in a fresh browser context."""
    options = dict(playwright.devices["Moto G4"]) if slow else {"viewport": {"width": 1280, "height": 800}}
    options.pop("default_browser_type", None)
    context = browser.new_context(**options, locale="fr-FR")
    context.add_init_script(WATCH_LIST)
    page = context.new_page()
    if slow:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", FAST_3G)
        session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    first = visit(page, url)
    page.wait_for_selector("body[data-offline-ready=true]", timeout=60000)
    second = visit(page, url)
    context.close()
    return first, second


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.devtools.bench_web", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    process, url = start_website({"RASA_URL": UNREACHABLE, "TILE_URL": UNREACHABLE + "/{z}/{x}/{y}.png"})
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            measure(browser, playwright, url, slow=False)  # warm-up: the server's first answers
            results = {"baseline": [], "slow first": [], "slow second": []}
            for _ in range(args.runs):
                results["baseline"].append(measure(browser, playwright, url, slow=False)[0])
                first, second = measure(browser, playwright, url, slow=True)
                results["slow first"].append(first)
                results["slow second"].append(second)
            browser.close()
    finally:
        process.terminate()
        process.wait(10)
    print(f"Website speed, median of {args.runs} runs (slow phone: Moto G4, Fast 3G, CPU ×{CPU_SLOWDOWN})")
    print(f"{'':14}{'baseline':>12}{'slow, 1st':>12}{'slow, 2nd':>12}{'ratio 1st':>11}{'budget':>9}")
    for key in ("first render", "site list"):
        base, first, second = (median(results[name], key) for name in results)
        print(
            f"{key:14}{base:>10.0f}ms{first:>10.0f}ms{second:>10.0f}ms{first / base:>10.1f}×"
            f"{BUDGET_MS[key]:>7}ms {'ok' if first < BUDGET_MS[key] else 'OVER'}"
        )
    for key, unit in (("requests", ""), ("bytes", " kB")):
        scale = 1024 if unit else 1
        base, first, second = (median(results[name], key) / scale for name in results)
        print(f"{key:14}{base:>10.0f}{unit:3}{first:>9.0f}{unit:3}{second:>9.0f}{unit:3}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
