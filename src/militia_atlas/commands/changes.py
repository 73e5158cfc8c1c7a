"""What a pull request changes: the entries and content pages at a git ref (read with `git ls-tree`
and `git cat-file`) and in the working tree, compared into what was added, changed and removed."""

from __future__ import annotations

import posixpath
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..core.articles import FRONT_MATTER
from ..core.names import FOLDERS
from ..core.load import KINDS, find_entry_files
from ..core.yaml_reader import YamlShapeError, parse_yaml
from ..render.urls import page_url

COMMENT_MARKER = "<!-- militia-atlas-diff -->"
KIND_LABELS = {"group": "Group", "base": "Base", "attack": "Attack", "page": "Page"}
ENTRY_SUFFIXES = (".yml", ".yaml")


class DiffError(Exception):
    """Something about the repository or the ref that the user has to fix."""


@dataclass
class Version:
    """One entry or page as it is on one side of the comparison."""

    kind: str  # group, base, attack or page
    ident: str  # entry id, or the page's path under docs_dir
    path: str  # relative to the repository root
    text: str
    data: object = None  # parsed YAML / front matter; None when it cannot be parsed

    @property
    def key(self) -> tuple:
        return (self.kind, self.ident)


@dataclass
class Change:
    status: str  # added, changed, removed
    kind: str
    ident: str
    path: str
    label: str
    url: str | None  # relative to the site root; None when the page is not published
    fields: list = field(default_factory=list)  # top-level fields that changed
    draft: bool = False


@dataclass
class Report:
    base_ref: str
    changes: list
    unclaimed: list  # Changes of attacks that are new or newly unclaimed
    unsourced: list  # Changes of entries without sources
    unreadable: list  # Changes whose file does not parse (validate says why)

    def count(self, status: str) -> int:
        return sum(1 for c in self.changes if c.status == status)


# -- git ------------------------------------------------------------------------------

def git(args: list, cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, timeout=300)
    except FileNotFoundError:
        raise DiffError("git is not installed; install git to compare with another version") from None
    if result.returncode != 0:
        raise DiffError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return result.stdout


def repository_root(folder: Path) -> Path:
    try:
        out = git(["rev-parse", "--show-toplevel"], folder)
    except DiffError:
        raise DiffError(f"{folder} is not inside a git repository; `diff` compares with a git ref, "
                        "so run it in a clone of the site's repository") from None
    return Path(out.decode().strip()).resolve()


def verify_ref(ref: str, repo: Path) -> None:
    if ref.startswith("-"):
        raise DiffError(f"'{ref}' is not a git ref")
    try:
        git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], repo)
    except DiffError:
        raise DiffError(f"unknown git ref '{ref}'; give a branch, tag or commit that exists here "
                        "(in GitHub Actions, check out with `fetch-depth: 0` so origin/<base> exists)") from None


def files_at_ref(ref: str, repo: Path, folder: str) -> list:
    """Paths of regular files under folder at ref, relative to the repository root."""
    out = git(["ls-tree", "-r", "-z", "--full-tree", ref, "--", folder], repo)
    paths = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, _ = meta.split(b" ")
        if kind == b"blob" and mode in (b"100644", b"100755"):
            paths.append(path.decode("utf-8", "surrogateescape"))
    return paths


def read_at_ref(ref: str, repo: Path, paths: list) -> dict:
    """path -> text, for many files in one `git cat-file --batch`."""
    if not paths:
        return {}
    request = "".join(f"{ref}:{p}\n" for p in paths).encode("utf-8", "surrogateescape")
    out = git(["cat-file", "--batch"], repo, stdin=request)
    texts, position = {}, 0
    for path in paths:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].split(b" ")
        if header[-1] == b"missing":
            position = header_end + 1
            continue
        size = int(header[2])
        body = out[header_end + 1: header_end + 1 + size]
        texts[path] = body.decode("utf-8", "replace").removeprefix("\ufeff")
        position = header_end + 1 + size + 1
    return texts


# -- both sides -----------------------------------------------------------------------

def relative_to_repo(folder: Path, repo: Path) -> str:
    try:
        return folder.resolve().relative_to(repo).as_posix()
    except ValueError:
        raise DiffError(f"{folder} is outside the git repository {repo}; `diff` can only compare files in it") from None


def entry_key(path: str, entries_rel: str):
    """(kind, id) of an entry file path, or None when the path is not an entry file."""
    inside = posixpath.relpath(path, entries_rel or ".")
    parts = inside.split("/")
    if len(parts) < 2 or parts[0] not in KINDS or not path.endswith(ENTRY_SUFFIXES):
        return None
    name = parts[-1]
    if name.startswith("."):
        return None
    return KINDS[parts[0]], name.rsplit(".", 1)[0]


def page_ident(path: str, docs_rel: str):
    if not path.endswith(".md"):
        return None
    inside = posixpath.relpath(path, docs_rel or ".")
    if any(part.startswith(".") for part in inside.split("/")):
        return None
    return inside


def make_version(kind: str, ident: str, path: str, text: str) -> Version:
    return Version(kind, ident, path, text, parse_page(text) if kind == "page" else parse_entry(text))


def parse_entry(text: str):
    try:
        data = parse_yaml(text)
    except (yaml.YAMLError, YamlShapeError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def parse_page(text: str):
    match = FRONT_MATTER.match(text)
    if not match:
        return {}
    try:
        data = parse_yaml(match.group(1) or "")
    except (yaml.YAMLError, YamlShapeError, RecursionError):
        return None
    return data if isinstance(data, dict) else {} if data is None else None


def versions_at_ref(ref: str, repo: Path, entries_rel: str, docs_rel: str) -> dict:
    found = {}
    for path in files_at_ref(ref, repo, entries_rel):
        key = entry_key(path, entries_rel)
        if key:
            found[key] = path
    for path in files_at_ref(ref, repo, docs_rel):
        ident = page_ident(path, docs_rel)
        if ident:
            found[("page", ident)] = path
    texts = read_at_ref(ref, repo, sorted(found.values()))
    return {key: make_version(*key, path, texts[path]) for key, path in found.items() if path in texts}


def versions_in_tree(repo: Path, entries_dir: Path, docs_dir: Path) -> dict:
    found = {}
    for folder, path in find_entry_files(entries_dir):
        found[(KINDS[folder], path.stem)] = path
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*.md")):
            ident = page_ident(path.relative_to(docs_dir).as_posix(), "")
            if ident and path.is_file():
                found[("page", ident)] = path
    versions = {}
    for key, path in found.items():
        text = path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
        versions[key] = make_version(*key, relative_to_repo(path, repo), text)
    return versions


# -- comparing ------------------------------------------------------------------------

def compare(base: dict, head: dict, base_ref: str, directory_urls: bool = True) -> Report:
    changes = []
    for key in sorted(set(base) | set(head)):
        old, new = base.get(key), head.get(key)
        if old is None:
            changes.append(describe("added", new, directory_urls))
        elif new is None:
            changes.append(describe("removed", old, directory_urls))
        elif not same(old, new):
            change = describe("changed", new, directory_urls)
            change.fields = changed_fields(old, new)
            changes.append(change)
    by_key = {(c.kind, c.ident): c for c in changes}
    unclaimed = [by_key[k] for k in sorted(by_key) if is_newly_unclaimed(base.get(k), head.get(k))]
    unsourced = [c for c in changes if c.status != "removed" and c.kind != "page"
                 and head[(c.kind, c.ident)].data is not None and not head[(c.kind, c.ident)].data.get("sources")]
    unreadable = [c for c in changes if c.status != "removed" and head[(c.kind, c.ident)].data is None]
    return Report(base_ref, changes, unclaimed, unsourced, unreadable)


def same(old: Version, new: Version) -> bool:
    """Equal in substance: parsed values when both parse (comments and layout do not count)."""
    if old.kind == "page" or old.data is None or new.data is None:
        return old.text == new.text
    return old.data == new.data


def changed_fields(old: Version, new: Version) -> list:
    if not isinstance(old.data, dict) or not isinstance(new.data, dict):
        return []
    keys = set(old.data) | set(new.data)
    fields = sorted(k for k in keys if old.data.get(k) != new.data.get(k))
    if old.kind == "page" and old.text != new.text and body(old.text) != body(new.text):
        fields.append("text")
    return fields


def body(text: str) -> str:
    match = FRONT_MATTER.match(text)
    return text[match.end():] if match else text


def is_unclaimed(version: Version | None) -> bool:
    data = version.data if version else None
    return isinstance(data, dict) and not data.get("claimed_by") and not data.get("attributed_to")


def is_newly_unclaimed(old: Version | None, new: Version | None) -> bool:
    return new is not None and new.kind == "attack" and is_unclaimed(new) and not is_unclaimed(old)


def describe(status: str, version: Version, directory_urls: bool) -> Change:
    data = version.data if isinstance(version.data, dict) else {}
    draft = str(data.get("draft", "")).strip() == "true"
    return Change(status, version.kind, version.ident, version.path, label_of(version, data),
                  None if draft else site_url(version, directory_urls), draft=draft)


def label_of(version: Version, data: dict) -> str:
    for key in ("name", "title"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    if version.kind == "page":
        for line in body(version.text).splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return version.ident


def site_url(version: Version, directory_urls: bool) -> str:
    if version.kind == "page":
        return page_url(version.ident, directory_urls)
    return page_url(f"{FOLDERS[version.kind]}/{version.ident}.md", directory_urls)
