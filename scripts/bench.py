#!/usr/bin/env python3
"""`make bench`: how militia-atlas scales, measured against plain MkDocs on the same pages.

For each size N (attacks; groups N/30, bases N/40) it writes a synthetic site with
`militia-atlas synth`, then, RUNS times: validate, generate, our full build (plugin +
Pagefind), and the baseline: plain `mkdocs build` of the Markdown `generate` wrote (our
plugins off) followed by the same Pagefind indexing. Medians go to BENCHMARKS.md between
the bench markers; the hand-written sections around them (optimisation log) are kept.

    python scripts/bench.py                       # 1,000, 5,000 and 10,000 attacks, 3 runs
    python scripts/bench.py --sizes 1000 --runs 1 # a quick look while developing
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
QUERIES = ["KH", "Hezbollah Brigades", "كتائب حزب الله"]
EXPECTED_URL = "/groups/kataib-hezbollah/"


@dataclass
class Run:
    """One measured command: wall seconds and peak resident memory (MB) of it and its children."""

    seconds: float
    peak_mb: float
    output: str = ""


def measure(command: list, cwd: Path, env: dict | None = None) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600", **(env or {})})
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)  # ru_maxrss covers the child and the children it waited for
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(map(str, command))}\n{output[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


def pagefind_seconds(output: str) -> float:
    match = re.search(r"Pagefind indexed the site in ([\d.]+) seconds", output)
    return float(match.group(1)) if match else float("nan")


# -- sizes of the built site ------------------------------------------------------------

def html_pages(site: Path) -> list:
    return [p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts[:1]]


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def folder_files(folder: Path) -> int:
    """Files a host must hold (some cap a site at ~20,000)."""
    return sum(1 for p in folder.rglob("*") if p.is_file())


def page_sizes(site: Path) -> dict:
    sizes = sorted((p.stat().st_size, p.relative_to(site).as_posix()) for p in html_pages(site))
    return {"pages": len(sizes), "median_kb": statistics.median(s for s, _ in sizes) / 1024,
            "largest_kb": sizes[-1][0] / 1024, "largest": sizes[-1][1]}


# -- what a reader downloads for a first search -------------------------------------------

def first_search(site: Path) -> dict:
    """Type each query into the search box of the built site in Chromium; count the bytes it fetched.

    The page itself is loaded first and not counted: only what the first search downloads is
    (Pagefind's script, its WebAssembly, index metadata, index chunks, result fragments). The
    test server sends files as stored (no HTTP compression), so the numbers are an upper bound.
    """
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH")
                                                 or shutil.which("chromium") or None)
            for query in QUERIES:
                out[query] = _search_once(browser, f"http://127.0.0.1:{server.server_port}/", query)
            browser.close()
    finally:
        server.shutdown()
    return out


def _search_once(browser, url: str, query: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#ma-search-input")
    fetched = []
    page.on("response", lambda response: fetched.append(response))
    page.fill("#ma-search-input", query)
    page.wait_for_function("document.querySelector('#ma-search-results li') || "
                           "/No matching|not available/.test(document.getElementById('ma-search-meta').textContent)",
                           timeout=60000)
    page.wait_for_load_state("networkidle")
    urls = page.eval_on_selector_all("#ma-search-results a.md-search-result__link",
                                     "links => links.map(link => new URL(link.href).pathname)")
    size = sum(len(response.body()) for response in fetched if response.ok)
    context.close()
    return {"kb": size / 1024, "requests": len(fetched), "rank": urls.index(EXPECTED_URL) + 1
            if EXPECTED_URL in urls else 0, "found": EXPECTED_URL in urls}


# -- edit to preview ------------------------------------------------------------------------

PREVIEW_SETTLE = 30


def preview_seconds(site_root: Path) -> dict:
    """Start `mkdocs serve --dirty` (as `make serve` does), change one attack's summary, time until the
    served page shows it."""
    attack = sorted((site_root / "entries" / "attacks").glob("*.yml"))[len(list((site_root / "entries" / "attacks").glob("*.yml"))) // 2]
    original = attack.read_text(encoding="utf-8")
    port = free_port()
    url = f"http://127.0.0.1:{port}/synthetic/attacks/{attack.stem}/"
    log = open(site_root / "serve.log", "w")
    launched = time.perf_counter()
    server = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"],
                              cwd=site_root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        first = _wait_for(url, lambda text: True, timeout=900, server=server)
        if first is None:
            return {"first_build_s": float("nan"), "edit_s": float("nan")}
        time.sleep(PREVIEW_SETTLE)  # let the first build's background Pagefind run finish
        marker = f"bench-edit-{int(time.time())}"
        attack.write_text(original.replace("summary: |\n", f"summary: |\n  {marker}\n", 1), encoding="utf-8")
        changed = time.perf_counter()
        shown = _wait_for(url, lambda text: marker in text, timeout=600, server=server)
        return {"first_build_s": first - launched, "edit_s": (shown - changed) if shown else float("nan")}
    finally:
        attack.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, accept, timeout: float, server=None):
    started = time.perf_counter()
    while time.perf_counter() - started < timeout and (server is None or server.poll() is None):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if accept(response.read().decode("utf-8", "replace")):
                    return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.05)
    return None


# -- one size -------------------------------------------------------------------------------

@dataclass
class SizeResult:
    n: int
    counts: str = ""
    runs: dict = field(default_factory=dict)  # measurement name -> [values]
    facts: dict = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        self.runs.setdefault(name, []).append(value)

    def median(self, name: str) -> float:
        values = [v for v in self.runs.get(name, []) if v == v]
        return statistics.median(values) if values else float("nan")


def bench_size(n: int, runs: int, work: Path, seed: int, preview: bool, baseline_too: bool = True) -> SizeResult:
    result = SizeResult(n)
    root = work / f"n{n}"
    if root.exists():
        shutil.rmtree(root)
    synth = measure([str(BIN / "militia-atlas"), "synth", "--attacks", str(n), "--seed", str(seed), "--out", str(root)],
                    cwd=work)
    result.counts = synth.output.strip().splitlines()[-1].split(";")[0].split(" to ")[0].replace("wrote ", "")
    cli = [str(BIN / "militia-atlas"), "-f", str(root / "mkdocs.yml")]
    for number in range(runs):
        print(f"  N={n} run {number + 1}/{runs}", file=sys.stderr, flush=True)
        validate = measure(cli + ["validate"], cwd=root)
        result.add("validate_s", validate.seconds)
        result.add("validate_mb", validate.peak_mb)
        generate = measure(cli + ["generate", "--out", str(root / "generated")], cwd=root)
        result.add("generate_s", generate.seconds)
        ours = measure(cli + ["build", "--site-dir", str(root / "site")], cwd=root)
        result.add("build_s", ours.seconds)
        result.add("build_mb", ours.peak_mb)
        result.add("build_pagefind_s", pagefind_seconds(ours.output))
        if not baseline_too:
            continue
        baseline = measure([str(BIN / "mkdocs"), "build", "-q", "-f", str(root / "generated" / "mkdocs.yml")],
                           cwd=root / "generated")
        result.add("baseline_s", baseline.seconds)
        result.add("baseline_mb", baseline.peak_mb)
        indexing = measure([sys.executable, "-m", "pagefind", "--silent"], cwd=root / "generated")
        result.add("baseline_pagefind_s", indexing.seconds)
        result.add("baseline_pagefind_mb", indexing.peak_mb)
        result.add("baseline_total_s", baseline.seconds + indexing.seconds)
    site = root / "site"
    result.facts["site_mb"] = folder_bytes(site) / 2**20
    result.facts["pagefind_mb"] = folder_bytes(site / "pagefind") / 2**20
    result.facts["files"] = folder_files(site)
    result.facts["pagefind_files"] = folder_files(site / "pagefind")
    result.facts["baseline_site_mb"] = folder_bytes(root / "generated" / "site") / 2**20 if baseline_too else float("nan")
    result.facts.update(page_sizes(site))
    result.facts["search"] = first_search(site)
    if baseline_too:
        result.facts["baseline_search"] = first_search(root / "generated" / "site")
    if preview:
        print(f"  N={n} edit-to-preview", file=sys.stderr, flush=True)
        result.facts["preview"] = preview_seconds(root)
    shutil.rmtree(root / "generated" / "docs", ignore_errors=True)
    return result


# -- the report -------------------------------------------------------------------------------

def versions() -> dict:
    from importlib.metadata import version

    return {name: version(name) for name in ("militia-atlas", "mkdocs", "mkdocs-material", "pagefind", "PyYAML",
                                             "Jinja2", "Markdown")}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        kb = int(next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")))
        memory = f", {kb / 2**20:.0f} GB RAM"
    except (OSError, StopIteration):
        pass
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}"


def fmt(value: float, digits: int = 2) -> str:
    return "n/a" if value != value else f"{value:,.{digits}f}"


def report(results: list, runs: int, seed: int, lighthouse_table: str = "") -> str:
    lines = [START, "", f"Generated by `python scripts/bench.py` on {dt.date.today().isoformat()}: "
             f"{runs} run(s) per size, medians shown, seed {seed}.", "",
             f"- Machine: {machine()}. **Shared with other engineers while measured**: absolute times are noisy; "
             "compare the ratios, which are taken within one run.",
             "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()) + ".", "",
             "| attacks | entries | validate s | validate MB | generate s | our build s | baseline mkdocs s "
             "| our build − Pagefind s | ratio without search | Pagefind (ours) s | Pagefind (baseline) s "
             "| ratio with search | our peak MB (build + Pagefind) | baseline peak MB: mkdocs / Pagefind |",
             "|--:|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for r in results:
        ours, pagefind = r.median("build_s"), r.median("build_pagefind_s")
        base, base_pf = r.median("baseline_s"), r.median("baseline_pagefind_s")
        lines.append(f"| {r.n:,} | {r.counts} | {fmt(r.median('validate_s'))} "
                     f"| {fmt(r.median('validate_mb'), 0)} | {fmt(r.median('generate_s'))} | {fmt(ours)} | {fmt(base)} "
                     f"| {fmt(ours - pagefind)} | {fmt((ours - pagefind) / base)} × | {fmt(pagefind)} | {fmt(base_pf)} "
                     f"| {fmt(ours / (base + base_pf))} × | {fmt(r.median('build_mb'), 0)} "
                     f"| {fmt(r.median('baseline_mb'), 0)} / {fmt(r.median('baseline_pagefind_mb'), 0)} |")
    lines += ["", "| attacks | HTML pages | median page KB | largest page KB (which) | site MB (Pagefind MB) "
              "| baseline site MB | first search KB: " + " / ".join(f"`{q}`" for q in QUERIES)
              + " | Kata'ib Hezbollah's rank | files (Pagefind's) | edit-to-preview s |",
              "|--:|--:|--:|:--|--:|--:|:--|:--|--:|--:|"]
    for r in results:
        f = r.facts
        search = f["search"]
        preview = f.get("preview", {})
        ranks = ", ".join(f"#{search[q]['rank']}" if search[q]["found"] else "not found" for q in QUERIES)
        lines.append(f"| {r.n:,} | {f['pages']:,} | {fmt(f['median_kb'], 1)} | {fmt(f['largest_kb'], 1)} "
                     f"(`{f['largest']}`) | {fmt(f['site_mb'], 0)} ({fmt(f['pagefind_mb'], 0)}) "
                     f"| {fmt(f['baseline_site_mb'], 0)} "
                     f"| {' / '.join(fmt(search[q]['kb'], 0) for q in QUERIES)} "
                     f"| {ranks} "
                     f"| {f['files']:,} ({f['pagefind_files']:,}) "
                     f"| {fmt(preview.get('edit_s', float('nan')))} |")
    if len(results) > 1:
        small, large = results[0], results[-1]
        growth = large.median("build_s") / small.median("build_s")
        lines += ["", f"Growth: our build at {large.n:,} ÷ {small.n:,} attacks = {fmt(growth)} × "
                  f"(pages × {large.n / small.n:.0f}); baseline {fmt(large.median('baseline_s') / small.median('baseline_s'))} ×."]
    lines += ["", "Raw runs (seconds / MB):", "", "```"]
    for r in results:
        lines.append(f"N={r.n}: " + json.dumps({k: [round(v, 3) for v in vs] for k, vs in r.runs.items()}))
    lines += ["```", ""]
    if lighthouse_table:
        lines += ["Lighthouse 12.2.3 (mobile, offline, served with gzip as GitHub Pages serves it) on the "
                  "example site: `python scripts/lighthouse.py`. Performance is measured here, never in a test: it follows the machine's load.", "",
                  lighthouse_table, ""]
    lines += [END]
    return "\n".join(lines)


def write_report(path: Path, block: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n" + START + "\n" + END + "\n"
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text += "\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def lighthouse_scores(work: Path) -> str:
    """Lighthouse's four scores on the example site's main pages (scripts/lighthouse.py), as a table."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import lighthouse

    reason = lighthouse.available()
    if reason:
        return f"Lighthouse not measured: {reason}."
    print("Lighthouse on the example site", file=sys.stderr, flush=True)
    return lighthouse.table(lighthouse.example_scores(work / "lighthouse"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,10000", help="attack counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per size; medians are reported")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=str(ROOT / "bench-out"), help="scratch folder (default: bench-out/)")
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"), help="report file; '-' prints it instead")
    parser.add_argument("--no-preview", action="store_true", help="skip the edit-to-preview measurement")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip plain MkDocs on the generate tree (a single large size: time, memory, files)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse on the example site")
    args = parser.parse_args(argv)
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        print(f"N={n}", file=sys.stderr, flush=True)
        results.append(bench_size(n, args.runs, work, args.seed, not args.no_preview, not args.no_baseline))
        block = report(results, args.runs, args.seed)
        (work / "last-report.md").write_text(block, encoding="utf-8")
    if not args.no_lighthouse:
        block = report(results, args.runs, args.seed, lighthouse_scores(work))
    if args.out == "-":
        print(block)
    else:
        write_report(Path(args.out), block)
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
