"""Random entry files, random values in every field: validate never crashes, and the build agrees.

Sites are drawn field by field from the entry format itself (`schema.KIND_RECORDS`, `ARTICLE`):
every field of every kind, and of every source, leader, designation and location, gets a value
of its type, or adversarial text (Hypothesis' own text, tokens that break Markdown, HTML and
templates, the repository's XSS payloads, and the Big List of Naughty Strings when
../shared/corpora/blns.json is there). "Wild" sites also get values of the wrong type, unknown
fields, odd file names, unquoted scalars and broken YAML; "valid-leaning" sites keep the
structure right, so that validate accepts many of them.

- validate, in process (many examples) and through the real CLI (a few): a report or "ok",
  exit 0 or 1, never a traceback;
- whatever the real `militia-atlas validate` accepts, the real `militia-atlas build` (strict)
  builds. A real build costs seconds, so that half runs a modest, derandomized number of examples.

Hunting with other seeds: `pytest tests/test_properties.py --hypothesis-seed=N` draws other sites
for the in-process half; PROPERTY_SEED=N does the same for the derandomized build half.
"""

from __future__ import annotations

import contextlib
import io
import json
import datetime as dt
import functools
import os
import re
import shutil
import string
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SHARED, run_cli
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from militia_atlas.commands import cli
from militia_atlas.core.countries import builtin_countries
from militia_atlas.core.schema import ARTICLE, KIND_RECORDS
from militia_atlas.core.research_fields import Casualties, IdOrRecord, SourceNumber
from militia_atlas.core.fields import CONTROL_CHARACTER, Bool, Coordinates, Country, Date, Lang, ListOf, Record, Ref, Text, Url, Words
from militia_atlas.core.seas import builtin_seas
from militia_atlas.core.ship_fields import Imo, Sea
from militia_atlas.core.text import yaml_string

BUILD_EPOCH = "1767225600"  # 2026-01-01, as run_cli sets it: dates up to 2025 are in the past
BLNS_FILE = SHARED / "corpora" / "blns.json"
PAYLOADS = json.loads((FIXTURES / "safety/xss-payloads.json").read_text(encoding="utf-8"))
CORPUS = PAYLOADS + (json.loads(BLNS_FILE.read_text(encoding="utf-8")) if BLNS_FILE.is_file() else [])
COUNTRIES = sorted(builtin_countries())
FOLDERS = {"group": "groups", "base": "bases", "vessel": "vessels", "attack": "attacks"}
TOKENS = ["<script>alert(1)</script>", "javascript:alert(1)", "{{ 7*7 }}", "{% raw %}", "[[", "]]", "|", "[x](",
          "](javascript:x)", "<!--", "`", "```", "*", "_", "#", "# ", "\n", "\n\n", "    ", "- ", "> ", "&amp;",
          "&#x3C;", "%", "%2F", "/", "../", "\\", '"', "'", ":", ": ", "!!", "---", "...", "\u202e", "\u2028",
          "\u00a0", "\u200b", "\ufeff", "ü", "ج", "字", "😀", "ǅ", "İ", "ß", "a", "1", "-", " ", "{", "}",
          "<img src=x onerror=alert(1)>", "[[kh]]", "[[kh|x]]", "!!!", "index", "page", "feed", "tags"]

LATIN = st.sampled_from(string.ascii_letters + string.digits + " -'é")
PLAIN_SAFE = re.compile(r"[A-Za-z][A-Za-z0-9 .-]*")


# -- text ------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def texts(wild: bool, max_size: int = 60):
    """Adversarial text. Valid-leaning: no control characters but tab and newline (the format refuses
    them, and says so); wild: any character UTF-8 can hold."""
    if wild:
        alphabet = st.characters(codec="utf-8")
    else:
        alphabet = st.characters(codec="utf-8", blacklist_categories=("Cc", "Cs"), whitelist_characters="\t\n")
    options = [st.text(alphabet, max_size=max_size),
               st.text(LATIN, min_size=200, max_size=400),  # a slug past what a file name can hold
               st.lists(st.sampled_from(TOKENS), max_size=12).map("".join),
               st.sampled_from(CORPUS)]
    if not wild:  # and no `[[id]]` to an id that may not exist (`record` adds links to entries that do)
        options = [option.map(lambda text: CONTROL_CHARACTER.sub("", text).replace("[[", "[ [")) for option in options]
    return st.one_of(options)


@functools.lru_cache(maxsize=None)
def required_text(wild: bool):
    return texts(wild) if wild else texts(wild).filter(lambda text: text.strip() != "")


# -- values of each field type -----------------------------------------------------------

@functools.lru_cache(maxsize=None)
def dates():
    day = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2025, 12, 31))
    return st.one_of(day.map(lambda d: d.isoformat()), day.map(lambda d: d.isoformat()[:7]),
                     day.map(lambda d: d.isoformat()[:4]))


@functools.lru_cache(maxsize=None)
def counts():
    number = st.integers(min_value=0, max_value=999_999_999)
    return st.one_of(number.map(str), st.tuples(number, number).map(lambda pair: [str(min(pair)), str(max(pair))]),
                     number.map(lambda low: [str(low), "null"]))  # "at least"


@functools.lru_cache(maxsize=None)
def coordinates():
    return st.tuples(st.floats(-90, 90), st.floats(-180, 180)).map(lambda pair: [f"{pair[0]:.4f}", f"{pair[1]:.4f}"])


@functools.lru_cache(maxsize=None)
def urls(wild: bool):
    tail = st.text(st.characters(codec="utf-8", blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), max_size=40)
    good = tail.map(lambda rest: "https://example.org/" + rest)
    return st.one_of(good, texts(wild)) if wild else good


@functools.lru_cache(maxsize=None)
def wrong_type(wild: bool):
    """A value of some other shape: a list, a mapping, an empty value, a number-looking word."""
    return st.one_of(st.sampled_from(["", "true", "1e3", "null", "~", "-1", "[]", "{}", "0", "9" * 30]),
                     st.lists(texts(wild, 10), max_size=3), st.dictionaries(texts(wild, 8), texts(wild, 8), max_size=2))


def field_value(spec_type, refs: dict, wild: bool, required: bool = False):
    """A value for one field: of its type, with adversarial text wherever the type is text."""
    if isinstance(spec_type, Record):
        good = record(spec_type, refs, wild)
    elif isinstance(spec_type, ListOf) and not wild and isinstance(spec_type.item, (Ref, IdOrRecord)) and not refs.get(
            (spec_type.item.ref if isinstance(spec_type.item, IdOrRecord) else spec_type.item).kind):
        good = st.just([])  # valid-leaning: no reference to an entry that is not there
    elif isinstance(spec_type, ListOf):
        good = st.lists(field_value(spec_type.item, refs, wild), min_size=int(required), max_size=3, unique_by=repr)
    elif isinstance(spec_type, Text):
        good = texts(wild)
    elif isinstance(spec_type, Bool):
        good = st.sampled_from(["true", "false"])
    elif isinstance(spec_type, Date):
        good = dates()
    elif isinstance(spec_type, Words):
        good = st.sampled_from(spec_type.words)
    elif isinstance(spec_type, Ref):
        known = refs.get(spec_type.kind) or []
        good = st.sampled_from(known) if known else st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
    elif isinstance(spec_type, Country):
        good = st.sampled_from(refs.get("country", []) + COUNTRIES[:5]) | st.sampled_from(COUNTRIES)
    elif isinstance(spec_type, Url):
        good = urls(wild)
    elif isinstance(spec_type, Lang):
        good = st.sampled_from(["ar", "fa", "ku", "ar-IQ", "en", "ckb-Arab"])
    elif isinstance(spec_type, Casualties):
        good = counts()
    elif isinstance(spec_type, SourceNumber):
        good = st.just("1")  # every entry has a first source; a wild value may be anything
    elif isinstance(spec_type, IdOrRecord):
        good = st.one_of(field_value(spec_type.ref, refs, wild), record(spec_type.record, refs, wild))
    elif isinstance(spec_type, Coordinates):
        good = coordinates()
    elif isinstance(spec_type, Sea):
        good = st.sampled_from(refs.get("sea", []) + SEAS[:5]) | st.sampled_from(SEAS)
    elif isinstance(spec_type, Imo):
        good = st.from_regex(r"[0-9]{7}", fullmatch=True)
    else:
        raise AssertionError(f"no strategy for {type(spec_type).__name__}: add one")
    if not wild:
        return good
    return st.one_of(good, good, good, texts(wild), wrong_type(wild))


@st.composite
def record(draw, spec: Record, refs: dict, wild: bool):
    """A mapping for a Record: its required fields (a wild one may miss some), any of the others."""
    out = {}
    for field in spec.fields:
        wanted = field.required and (not wild or draw(st.integers(0, 9)) > 0)
        if wanted or draw(st.booleans()):
            text_required = field.required and isinstance(field.type, Text)
            out[field.name] = draw(required_text(wild) if text_required
                                   else field_value(field.type, refs, wild, field.required))
    if not wild:
        for first, second in ORDERED:  # a valid-leaning entry keeps its dates in order
            if isinstance(out.get(first), str) and isinstance(out.get(second), str) and out[second] < out[first]:
                out[first], out[second] = out[second], out[first]
    if not wild and out.get("draft") == "true":
        out["draft"] = "false"  # valid-leaning: linking to a draft is an error, and links are drawn at random
    if spec.name == "account" and not wild and len(out) < 2:
        out["claim"] = draw(required_text(wild))  # an account says something besides its source
    if spec.name == "source" and not wild and not out.get("url") and not out.get("citation"):
        out["url"] = draw(urls(wild))
    if spec.name == "location" and not wild:  # exactly one of country or sea
        if "country" in out and "sea" in out:
            out.pop(draw(st.sampled_from(["country", "sea"])))
        if "country" not in out and "sea" not in out:
            out["sea"] = draw(field_value(spec.by_name["sea"].type, refs, wild))
    if spec.name == "attack" and not wild:
        if not refs.get("vessel"):
            out.pop("vessel", None)
        if "vessel" in out:
            out.pop("base", None)  # a vessel may come with a location, never with a base
        else:
            out.pop("base" if "location" in out or not refs.get("base") else "location", None)
        if "base" not in out and "location" not in out and "vessel" not in out:
            out["location"] = draw(record(KIND_LOCATION, refs, wild))
    if spec.name in ("group", "base", "vessel", "attack", "article") and "summary" in out and not wild:
        links = draw(st.lists(st.sampled_from(sorted(sum((refs.get(k, []) for k in ("group", "base", "vessel", "attack")), [])) or ["x"]),
                              max_size=2))
        out["summary"] = out["summary"] + "".join(f" [[{ident}]]" for ident in links)
    if wild and draw(st.integers(0, 9)) == 0:
        out[draw(texts(wild, 12))] = draw(texts(wild, 12))  # an unknown field
    return out


SEAS = sorted(builtin_seas())
ORDERED = (("date", "end_date"), ("founded", "dissolved"), ("opened", "closed_on"), ("since", "until"))
KIND_LOCATION = KIND_RECORDS["attack"].by_name["location"].type


# -- files -----------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def ids(wild: bool):
    good = st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}", fullmatch=True)
    if not wild:
        return good
    odd = st.text(st.characters(codec="utf-8", blacklist_characters="/\x00", blacklist_categories=("Cs",)),
                  min_size=1, max_size=40).filter(lambda name: name not in (".", "..") and len(name.encode()) < 200)
    return st.one_of(good, good, odd, st.sampled_from(["index", "page", "feed", "tags", "a" * 81]))


def quoted(value: str, wild: bool, draw) -> str:
    if wild and draw(st.integers(0, 3)) == 0:
        return value  # as an editor might type it: plain, whatever YAML makes of it
    if PLAIN_SAFE.fullmatch(value) and value.strip() == value and value.lower() not in ("null", "true", "false"):
        return value
    return yaml_string(value)


def to_yaml(value: dict, wild: bool, draw, indent: int = 0) -> list:
    """Block mappings and lists, every scalar in double quotes unless plain is safe (wild: sometimes raw)."""
    pad, lines = " " * indent, []
    for key, item in value.items():
        name = key if re.fullmatch(r"[a-z_]+", key) else yaml_string(key)
        if isinstance(item, dict) and item:
            lines.append(f"{pad}{name}:")
            lines += to_yaml(item, wild, draw, indent + 2)
        elif isinstance(item, list) and item:
            lines.append(f"{pad}{name}:")
            for element in item:
                if isinstance(element, dict) and element:
                    inner = to_yaml(element, wild, draw, indent + 4)
                    lines.append(f"{pad}  - " + inner[0].lstrip(" "))
                    lines += inner[1:]
                elif isinstance(element, (list, dict)):
                    lines.append(f"{pad}  - {flow(element)}")
                else:
                    lines.append(f"{pad}  - {quoted(element, wild, draw)}")
        elif isinstance(item, (list, dict)):
            lines.append(f"{pad}{name}: {flow(item)}")
        else:
            lines.append(f"{pad}{name}: {quoted(item, wild, draw)}")
    return lines


def flow(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_string(k)}: {flow(v)}" for k, v in value.items()) + "}"
    return yaml_string(value)


def corrupt(text: str, draw) -> str:
    """Break a file the way a bad save or a bad paste might."""
    how = draw(st.sampled_from(["cut", "insert", "replace"]))
    at = draw(st.integers(0, len(text)))
    if how == "cut":
        return text[:at]
    junk = draw(st.sampled_from(["\t", ":", "- ", "&a", "*a", "!!python/object:os.system", "{", "[", "\"", "'",
                                 "---\n", "? ", "%YAML 1.1\n", "\x00", "\ufeff", "  ", "\n  x: 1"]))
    return text[:at] + junk + text[at + (1 if how == "replace" else 0):]


@st.composite
def sites(draw, wild: bool):
    """{relative path: text} of a site's entries, countries and articles, plus mkdocs.yml's options."""
    refs = {"group": draw(st.lists(ids(False), min_size=1, max_size=3, unique=True))}
    taken = set(refs["group"])
    refs["base"] = draw(st.lists(ids(False).filter(lambda i: i not in taken), max_size=2, unique=True))
    taken |= set(refs["base"])
    refs["vessel"] = draw(st.lists(ids(False).filter(lambda i: i not in taken), max_size=2, unique=True))
    taken |= set(refs["vessel"])
    refs["attack"] = draw(st.lists(ids(False).filter(lambda i: i not in taken), max_size=3, unique=True))
    files = {}
    if draw(st.booleans()):
        added = draw(st.dictionaries(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True) if not wild else texts(wild, 20),
                                     st.fixed_dictionaries({"name": required_text(wild)},
                                                           optional={"iso": texts(wild, 8)}), max_size=2))
        refs["country"] = sorted(added) if not wild else []
        files["entries/countries.yml"] = "\n".join(to_yaml(added, wild, draw)) + "\n" if added else "{}\n"
    if draw(st.booleans()):
        seas = draw(st.dictionaries(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True) if not wild else texts(wild, 20),
                                    st.fixed_dictionaries({"name": required_text(wild)}), max_size=2))
        seas = {slug: sea for slug, sea in seas.items() if wild or slug not in ("page", "feed", "tags", "index")}
        refs["sea"] = sorted(seas) if not wild else []
        files["entries/seas.yml"] = "\n".join(to_yaml(seas, wild, draw)) + "\n" if seas else "{}\n"
    for kind in ("group", "base", "vessel", "attack"):
        names = list(refs[kind]) + (draw(st.lists(ids(True), max_size=1)) if wild else [])
        for position, ident in enumerate(names):
            entry = draw(record(KIND_RECORDS[kind], refs, wild))
            for relation in ("member_of", "front_for", "backed_by"):
                if not wild and isinstance(entry.get(relation), list):  # no cycles: only groups listed before
                    entry[relation] = [other for other in entry[relation] if other in names[:position]]
            text = "\n".join(to_yaml(entry, wild, draw)) + "\n"
            if wild and draw(st.integers(0, 5)) == 0:
                text = corrupt(text, draw)
            files[f"entries/{FOLDERS[kind]}/{ident}.yml"] = text
    if draw(st.booleans()):
        front = to_yaml(draw(record(ARTICLE, refs, wild)), wild, draw)
        body = draw(texts(wild, 200))
        files["content/articles/random.md"] = "---\n" + "\n".join(front) + "\n---\n\n" + body + "\n"
    options = {"per_page": draw(st.integers(1, 4)), "directory_urls": draw(st.booleans())}
    return files, options


MKDOCS_YML = """\
site_name: Property atlas
site_url: https://example.org/atlas/
docs_dir: content
use_directory_urls: {directory_urls}
strict: true
theme:
  name: material
  custom_dir: overrides
  font: false
plugins:
  - militia-atlas:
      per_page: {per_page}
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
validation:
  links:
    not_found: warn
    anchors: warn
    unrecognized_links: warn
"""


def write_site(root: Path, files: dict, options: dict) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    (root / "entries").mkdir()
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(per_page=options["per_page"],
                                                       directory_urls=str(options["directory_urls"]).lower()),
                                     encoding="utf-8")
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return root


def validate_in_process(root: Path) -> tuple:
    """`militia-atlas validate` as the CLI runs it, in this process: (exit code, output)."""
    out, err = io.StringIO(), io.StringIO()
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = BUILD_EPOCH
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["validate", "-f", str(root / "mkdocs.yml")])  # an exception fails the test
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH")
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return code, out.getvalue() + err.getvalue()


# -- tests -----------------------------------------------------------------------------

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")  # the corpus, as a strategy
SLOW = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
HUNTING = os.environ.get("PROPERTY_SEED")  # unset: the CLI halves draw the same sites on every run (CI)


def reproducible(test):
    return seed(int(HUNTING))(test) if HUNTING else test


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW)
@given(site=st.one_of(sites(wild=True), sites(wild=False)))
def test_validate_reports_any_random_site_without_crashing(site, tmp_path_factory):
    files, options = site
    root = write_site(tmp_path_factory.mktemp("prop-validate"), files, options)
    code, output = validate_in_process(root)
    assert code in (0, 1), output
    assert "Traceback" not in output
    if code == 1:
        assert re.search(r"^\S.*:\d+:\d+: ", output, re.MULTILINE), output  # file:line:col of each problem


@reproducible
@settings(max_examples=6, deadline=None, suppress_health_check=SLOW, derandomize=HUNTING is None)
@given(site=st.one_of(sites(wild=True), sites(wild=False)))
def test_the_real_validate_command_reports_without_a_traceback(site, tmp_path_factory):
    files, options = site
    root = write_site(tmp_path_factory.mktemp("prop-cli"), files, options)
    result = run_cli("validate", cwd=root)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@reproducible
@settings(max_examples=int(os.environ.get("PROPERTY_BUILDS", "15")), deadline=None, suppress_health_check=SLOW,
          derandomize=HUNTING is None)
@given(site=sites(wild=False))
def test_whatever_validate_accepts_the_strict_build_builds(site, tmp_path_factory):
    files, options = site
    root = write_site(tmp_path_factory.mktemp("prop-build"), files, options)
    checked = run_cli("validate", cwd=root)
    assert checked.returncode in (0, 1) and "Traceback" not in checked.stdout + checked.stderr, checked.stderr
    if checked.returncode != 0:
        return
    built = run_cli("build", cwd=root)
    assert built.returncode == 0, f"validate said ok, the build failed:\n{built.stderr[-3000:]}"
    assert (root / "site" / "index.html").is_file()
