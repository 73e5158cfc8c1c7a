"""Adversarial text in every field: a clear validation error, or a page that shows it safely.

One real site is built (once per run) from the example site plus an entry per adversarial
string: the XSS payloads in tests/fixtures/safety/, and the Big List of Naughty Strings
when ../shared/corpora/blns.json is there (CI has it; a fresh clone does not, and the BLNS
test then skips). Every built page is then audited: no script, event-handler attribute or
javascript:/data: URL beyond what the theme itself puts on a page of benign entries.
A Hypothesis test runs the same audit in-process on text it generates itself.
"""

from __future__ import annotations

import functools
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from conftest import FIXTURES, SHARED, copy_example, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from militia_atlas.core.engine import check
from militia_atlas.core.problems import Problems
from militia_atlas.core.fields import Checker, Tag, Url
from militia_atlas.core.settings import Settings
from militia_atlas.core.text import attribute, inline, markdown_to_html, yaml_string
from militia_atlas.views.pipeline import run

PAYLOADS = json.loads((FIXTURES / "safety/xss-payloads.json").read_text(encoding="utf-8"))
BLNS_FILE = SHARED / "corpora" / "blns.json"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcset",
                  "cite", "longdesc", "manifest", "ping"}
SAFE_SOURCE = "  - publisher: Reuters\n    title: A report\n    url: https://example.org/report\n"


def blns() -> list:
    return json.loads(BLNS_FILE.read_text(encoding="utf-8")) if BLNS_FILE.is_file() else []


# -- auditing built HTML ---------------------------------------------------------------

def dangerous_url(value: str) -> bool:
    """Would a browser run this URL? It strips leading controls and spaces, and tabs and newlines anywhere."""
    url = re.sub(r"[\t\n\r]", "", value or "").lstrip("".join(map(chr, range(0x21)))).lower()
    return re.match(r"(?:javascript|vbscript|data):", url) is not None


def dangerous_style(value: str) -> bool:
    squeezed = re.sub(r"[\x00-\x20\\]", "", value or "").lower()
    return any(word in squeezed for word in ("javascript:", "vbscript:", "expression(", "url(data:"))


class PageAudit(HTMLParser):
    """Scripts, handlers and dangerous URLs in one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.violations, self._script = [], [], None
        self.h1, self._h1_depth, self._skip = [], 0, 0

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.violations.append(f"<{tag} {name}=...>")
            elif name == "style" and dangerous_style(value):
                self.violations.append(f"<{tag} style={value!r}>")
            elif name in URL_ATTRIBUTES and any(dangerous_url(url) for url in (value or "").split(",")):
                self.violations.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "base", "frame", "applet"):
            self.violations.append(f"<{tag}>")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh" \
                and dangerous_url(re.sub(r"^[^;]*;\s*(url=)?", "", dict(attrs).get("content") or "", flags=re.I)):
            self.violations.append("<meta refresh to a script>")
        if tag == "script":
            self._script = [dict(attrs), ""]
        if tag == "h1":
            self._h1_depth, self.h1 = 1, self.h1 + [""]
        elif self._h1_depth and tag == "a" and "headerlink" in (dict(attrs).get("class") or ""):
            self._skip = 1

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append(tuple(self._script))
            self._script = None
        if tag == "h1":
            self._h1_depth = 0
        if tag == "a":
            self._skip = 0

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data
        elif self._h1_depth and not self._skip:
            self.h1[-1] += data


def normalised_script(text: str) -> str:
    return re.sub(r'new URL\("[^"]*"', 'new URL("."', text.strip())  # Material's differ by base path only


def audit(html: str, allowed_inline: set) -> list:
    page = PageAudit()
    page.feed(html)
    page.close()
    problems = list(page.violations)
    for attrs, text in page.scripts:
        if attrs.get("src"):
            if re.match(r"^[a-z][a-z0-9+.-]*:", attrs["src"], re.I) or "assets/" not in attrs["src"]:
                problems.append(f"script src={attrs['src']!r}")
        elif attrs.get("type") in ("application/json", "application/ld+json"):
            try:
                json.loads(text)
            except ValueError:
                problems.append(f"a JSON script was broken open: {text[:80]!r}")
        elif normalised_script(text) not in allowed_inline:
            problems.append(f"inline script {text[:80]!r}")
    return problems


def inline_scripts(html: str) -> set:
    page = PageAudit()
    page.feed(html)
    return {normalised_script(text) for attrs, text in page.scripts if not attrs.get("src") and not attrs.get("type")}


def h1_text(html: str) -> str:
    page = PageAudit()
    page.feed(html)
    return page.h1[0].strip() if page.h1 else ""


# -- the adversarial site ----------------------------------------------------------------

def group_text(text: str) -> str:
    q = yaml_string(text)
    return (f"name: {q}\nshort_name: {q}\naliases: [{q}]\nnative_name: {q}\ntype: militia\n"
            f"member_of: [control-group]\nleaders: [{{name: {q}, role: {q}}}]\n"
            f"designations: [{{by: {q}, designation: {q}}}]\nsummary: {q}\nsources:\n"
            f"  - publisher: {q}\n    title: {q}\n    author: {q}\n    citation: {q}\n"
            f"    url: https://example.org/report\n{tags_line(text)}")


def base_text(text: str) -> str:
    q = yaml_string(text)
    return (f"name: {q}\naliases: [{q}]\ncountry: iraq\nprovince: {q}\ngarrison: [{q}]\nsummary: {q}\n"
            f"sources:\n{SAFE_SOURCE}{tags_line(text)}")


def attack_text(text: str) -> str:
    q = yaml_string(text)
    return (f"date: 2023-10-01\ntitle: {q}\nlocation: {{name: {q}, country: iraq, province: {q}}}\n"
            f"claimed_by: [control-group]\ncasualty_note: {q}\nsummary: {q}\nsources:\n{SAFE_SOURCE}")


def url_group_text(urls: list) -> str:
    sources = "".join(f"  - publisher: P\n    title: T{number}\n    url: {yaml_string(url)}\n"
                      f"    archive_url: {yaml_string(url)}\n" for number, url in enumerate(urls))
    return f"name: URL holder\ntype: other\nsummary: Sources with odd but valid URLs.\nsources:\n{sources}"


def tags_line(text: str) -> str:
    """The payload as a tag where it can be one (a letter or digit, a slug of at most 80 characters:
    else the whole file would be rejected for its tag, and the payload tried in no other field)."""
    problems = Problems()
    if Tag().check(text, ("tags", 0), Checker("x", problems, {})) == text and not problems:
        return f"tags: [{yaml_string(text)}]\n"
    return ""


def valid_url(text: str) -> bool:
    problems = Problems()
    return Url().check(text, ("url",), Checker("x", problems, {})) == text and not problems


class AdversarialSite:
    def __init__(self, root: Path, strings: dict, rejected: dict):
        self.root, self.strings, self.rejected = root, strings, rejected  # id -> text; file -> problems

    def page(self, kind: str, ident: str) -> str:
        return (self.root / "site" / kind / ident / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def adversarial_site(tmp_path_factory) -> AdversarialSite:
    root = copy_example(tmp_path_factory.mktemp("adversarial"))
    entries = root / "entries"
    (entries / "groups/control-group.yml").write_text(
        "name: Control Group\ntype: umbrella\nsummary: A benign entry.\nsources:\n" + SAFE_SOURCE, encoding="utf-8")
    strings = {}
    for number, text in enumerate(PAYLOADS):
        for kind, writer in (("groups", group_text), ("bases", base_text), ("attacks", attack_text)):
            ident = {"groups": f"xss-{number}", "bases": f"xss-base-{number}", "attacks": f"2023-10-01-xss-{number}"}[kind]
            (entries / kind / f"{ident}.yml").write_text(writer(text), encoding="utf-8")
            strings[f"{kind}/{ident}"] = text
    for number, text in enumerate(blns()):
        (entries / "groups" / f"blns-{number}.yml").write_text(group_text(text), encoding="utf-8")
        strings[f"groups/blns-{number}"] = text
    urls = [text for text in PAYLOADS + blns() if valid_url(text)]
    (entries / "groups/url-holder.yml").write_text(url_group_text(urls), encoding="utf-8")
    rejected = validate_and_drop_rejected(root)
    run_cli("build", cwd=root, check=True)
    return AdversarialSite(root, strings, rejected)


def validate_and_drop_rejected(root: Path) -> dict:
    """Validate like `militia-atlas validate`; files it rejects are left out of the build."""
    settings_ = Settings(root=root, entries_dir=root / "entries", docs_dir=root / "content")
    rejected = {}
    for _ in range(3):  # checks across entries run on the entries that passed their own: go again
        _, problems = check(settings_)
        for problem in problems:
            rejected.setdefault(problem.file, []).append(problem)
            (root / problem.file).unlink(missing_ok=True)
    assert check(settings_)[1] == []
    return rejected


# -- tests -----------------------------------------------------------------------------

def test_rejected_strings_get_clear_located_errors(adversarial_site):
    for file, problems in adversarial_site.rejected.items():
        assert file.startswith("entries/"), file
        for problem in problems:
            assert problem.line >= 1 and problem.col >= 1 and problem.message and problem.hint, str(problem)


def test_most_payloads_reach_a_page(adversarial_site):
    built = [key for key in adversarial_site.strings if f"entries/{key}.yml" not in adversarial_site.rejected]
    assert len(built) >= 0.9 * len(adversarial_site.strings)


@functools.lru_cache(maxsize=None)
def theme_scripts(example_site: Path) -> frozenset:
    """The inline scripts the theme and the site's own templates put on pages of benign entries."""
    allowed = set()
    for path in example_site.rglob("*.html"):
        allowed |= inline_scripts(path.read_text(encoding="utf-8"))
    return frozenset(allowed)


def test_no_built_page_has_a_script_handler_or_script_url_from_an_entry(adversarial_site, example_site):
    site = adversarial_site.root / "site"
    allowed = theme_scripts(example_site)
    for path in example_site.rglob("*.html"):
        assert audit(path.read_text(encoding="utf-8"), allowed) == [], path
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(PAYLOADS) * 3
    found = {}
    for path in pages:
        problems = audit(path.read_text(encoding="utf-8"), allowed)
        if problems:
            found[path.relative_to(site).as_posix()] = problems
    assert found == {}


def test_names_and_template_syntax_are_shown_as_written(adversarial_site):
    for key, text in adversarial_site.strings.items():
        kind, ident = key.split("/")
        if f"entries/{key}.yml" in adversarial_site.rejected or kind == "attacks":
            continue
        shown = h1_text(adversarial_site.page(kind, ident))
        assert shown == " ".join(text.split()), (key, text, shown)
    seven = adversarial_site.page("groups", f"xss-{PAYLOADS.index('{{ 7*7 }}')}")
    assert "{{ 7*7 }}" in unescape(seven) and ">49<" not in seven


def test_blns_strings_never_crash_and_are_rejected_clearly_or_rendered(adversarial_site):
    if not BLNS_FILE.is_file():
        pytest.skip("no ../shared/corpora/blns.json here (a fresh clone): the Hypothesis tests still run")
    for number, text in enumerate(blns()):
        file = f"entries/groups/blns-{number}.yml"
        if file in adversarial_site.rejected:
            continue
        assert (adversarial_site.root / "site/groups" / f"blns-{number}" / "index.html").is_file(), text


def test_validate_on_the_whole_adversarial_set_reports_without_a_traceback(tmp_path):
    root = copy_example(tmp_path / "site")
    for number, text in enumerate(PAYLOADS + blns()):
        (root / "entries/groups" / f"s-{number}.yml").write_text(group_text(text), encoding="utf-8")
        (root / "entries/groups" / f"u-{number}.yml").write_text(url_group_text([text]), encoding="utf-8")
    result = run_cli("validate", cwd=root)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1  # the javascript: URLs, at least
    assert "'javascript:' links are not allowed" in result.stdout


# -- in-process, on generated text ----------------------------------------------------

TOKENS = list("<>\"'&;:/=()[]{}|`*_#!%\\-+. \n\tjavascriptonerrorloadalert7") + [
    "javascript:", "<script>", "</script>", "onerror=", "{{", "}}", "{%", "%}", "[[", "]]", "data:", "&#106;",
    "<img src=x ", "<a href=", "\u202e", "\x00", "](", "[x](", "<!--", "-->", "\n\n", "    ", "```", "<svg ",
    "&lt;", "&#x3C;", "\u2028"]
NASTY = st.one_of(st.lists(st.sampled_from(TOKENS), max_size=25).map("".join), st.text(max_size=30))


def html_of_pages(files) -> list:
    converter = markdown.Markdown(extensions=["md_in_html", "attr_list", "tables", "admonition", "toc"])
    out = []
    for output in files:
        if not output.src.endswith(".md"):
            continue
        body = re.sub(r"\A---\n.*?\n---\n", "", output.content, flags=re.S)
        converter.reset()
        out.append((output.src, converter.convert(body)))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(text=NASTY)
def test_generated_text_in_every_field_never_crashes_and_never_reaches_a_page_unsafely(text, tmp_path_factory,
                                                                                    example_site):
    root = tmp_path_factory.mktemp("gen")
    for relative, content in {"groups/control-group.yml": group_text("Control"),
                              "groups/gen.yml": group_text(text), "bases/gen-base.yml": base_text(text),
                              "attacks/2023-10-01-gen.yml": attack_text(text)}.items():
        (root / "entries" / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / "entries" / relative).write_text(content.replace("member_of: [control-group]\n", ""),
                                                 encoding="utf-8")
    (root / "content").mkdir()
    settings_ = Settings(root=root, entries_dir=root / "entries", docs_dir=root / "content")
    _, problems = check(settings_)
    for problem in problems:
        assert problem.line >= 1 and problem.message and problem.hint
    if problems:
        return
    for src, html in html_of_pages(run(settings_).files):
        assert audit(html, theme_scripts(example_site)) == [], (src, text)


@settings(max_examples=300, deadline=None)
@given(NASTY)
def test_text_helpers_never_let_markup_through(text):
    html = markdown_to_html(text)
    assert audit(html, set()) == []
    assert "{{" not in html and "{%" not in html
    assert "<" not in inline(text) and ">" not in inline(text) and "{{" not in inline(text)
    assert '"' not in attribute(text) and "<" not in attribute(text)
    rendered = markdown.markdown(f"# {inline(text)}\n\n| a |\n|---|\n| {inline(text)} |\n\n{inline(text)}\n",
                                 extensions=["tables", "attr_list", "md_in_html"])
    assert audit(rendered, set()) == []
