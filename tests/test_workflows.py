"""The GitHub Actions workflows: valid against the Actions schema, and doing what the project promises."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN, ROOT

from militia_atlas.commands.cli import build_parser

WORKFLOWS = ROOT / ".github" / "workflows"
PREVIEW = WORKFLOWS / "preview.yml"
PAGES = WORKFLOWS / "pages.yml"


def load(path: Path) -> dict:
    # BaseLoader keeps `on:` a string key (YAML 1.1 would read it as True) and every scalar as text.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def steps(workflow: dict) -> list:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def runs(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def index_of(workflow: dict, predicate) -> int:
    matches = [i for i, step in enumerate(steps(workflow)) if predicate(step)]
    assert matches, "no matching step"
    return matches[0]


def uses(name: str):
    return lambda step: step.get("uses", "").startswith(name + "@")


def running(fragment: str):
    return lambda step: fragment in step.get("run", "")


def test_workflows_match_the_github_actions_schema():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {PREVIEW, PAGES} <= set(files)
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, files)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path):
    broken = load(PREVIEW)
    broken["jobs"]["preview"]["stepz"] = broken["jobs"]["preview"].pop("steps")
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "stepz" in result.stdout


PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})"
                    r"\s+#\s+(?P<version>v\d+(?:\.\d+){0,2})\s*$")


def uses_lines(path: Path) -> list:
    return [line for line in path.read_text(encoding="utf-8").splitlines()
            if re.match(r"^\s*(?:-\s+)?uses:", line)]


@pytest.mark.parametrize("path", [PREVIEW, PAGES], ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_sha_with_its_version_beside_it(path):
    """A tag can be moved to other code; a commit cannot. The comment says which release the SHA is."""
    lines = uses_lines(path)
    assert len(lines) == len([s for s in steps(load(path)) if "uses" in s]) > 0
    for line in lines:
        assert PINNED.match(line), f"{path.name}: not pinned by a full commit SHA with `# vX.Y.Z`: {line.strip()}"


def test_one_action_release_has_one_sha_everywhere():
    seen = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in uses_lines(path):
            pin = PINNED.match(line)
            if pin:
                key = (pin["action"], pin["version"])
                assert seen.setdefault(key, pin["sha"]) == pin["sha"], f"{key} pinned to two SHAs"


def test_the_pin_check_rejects_tags_and_short_shas():
    for line in ("      - uses: actions/checkout@v5", "      - uses: actions/checkout@08c6903  # v5.0.0",
                 "        uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8",
                 "        uses: cloudflare/wrangler-action@main # v3.14.1"):
        assert not PINNED.match(line), line


WRITE_SCOPES = {"pages", "id-token"}


@pytest.mark.parametrize("path", [PREVIEW, PAGES], ids=lambda p: p.name)
def test_workflows_read_by_default_and_only_the_deploy_job_writes_pages(path):
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        granted = {scope for scope, level in job.get("permissions", {}).items() if level == "write"}
        if path == PAGES and name == "deploy":
            assert granted == WRITE_SCOPES, granted
        else:
            assert not granted & WRITE_SCOPES, f"{path.name}: job {name} may write {granted & WRITE_SCOPES}"


def test_actionlint_finds_nothing_in_the_workflows():
    files = sorted(WORKFLOWS.glob("*.yml"))
    result = subprocess.run([str(BIN / "actionlint"), "-no-color", *map(str, files)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_mistake_the_schema_cannot_see(tmp_path):
    """A misspelled context property is valid YAML and valid against the schema; actionlint reads expressions."""
    text = PREVIEW.read_text(encoding="utf-8").replace("github.base_ref", "github.base_reff", 1)
    path = tmp_path / "preview.yml"
    path.write_text(text, encoding="utf-8")
    schema = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert schema.returncode == 0, schema.stdout
    result = subprocess.run([str(BIN / "actionlint"), "-no-color", str(path)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1 and 'property "base_reff" is not defined' in result.stdout, result.stdout


def test_pull_request_workflow_checks_builds_and_previews_in_order():
    workflow = load(PREVIEW)
    assert set(workflow["on"]) == {"pull_request"}
    order = [
        index_of(workflow, running("militia-atlas validate")),
        index_of(workflow, running("mkdocs build --strict")),
        index_of(workflow, running("militia-atlas check-links")),
        index_of(workflow, lambda s: uses("actions/upload-artifact")(s) and s["with"]["path"] == "site/"),
        index_of(workflow, uses("cloudflare/wrangler-action")),
        index_of(workflow, running("militia-atlas diff")),
        index_of(workflow, uses("actions/github-script")),
    ]
    assert order == sorted(order)
    assert "make test" in runs(workflow)


def test_validate_writes_annotations():
    assert "militia-atlas validate --format github" in runs(load(PREVIEW))


def test_the_preview_deploy_is_guarded_by_its_secrets_and_the_artifact_is_not():
    workflow = load(PREVIEW)
    deploy = steps(workflow)[index_of(workflow, uses("cloudflare/wrangler-action"))]
    assert "env.CLOUDFLARE_API_TOKEN != ''" in deploy["if"]
    artifact = steps(workflow)[index_of(workflow, lambda s: uses("actions/upload-artifact")(s)
                                        and s["with"]["path"] == "site/")]
    assert "if" not in artifact
    assert workflow["jobs"]["preview"]["env"]["CLOUDFLARE_API_TOKEN"] == "${{ secrets.CLOUDFLARE_API_TOKEN }}"


def test_the_comment_comes_from_diff_against_the_base_branch():
    workflow = load(PREVIEW)
    script = runs(workflow)
    assert 'militia-atlas diff "origin/$BASE_REF" --format markdown --preview-url "$PREVIEW_URL"' in script
    assert workflow["jobs"]["preview"]["env"]["BASE_REF"] == "${{ github.base_ref }}"
    checkout = steps(workflow)[index_of(workflow, uses("actions/checkout"))]
    assert checkout["with"]["fetch-depth"] == "0"  # origin/<base> must exist for `diff`
    comment = steps(workflow)[index_of(workflow, uses("actions/github-script"))]
    assert "<!-- militia-atlas-diff -->" in comment["with"]["script"]
    assert workflow["jobs"]["preview"]["permissions"]["pull-requests"] == "write"


def test_browser_tests_cannot_be_skipped_silently_in_ci():
    job = load(PREVIEW)["jobs"]["test"]
    assert job["env"]["MILITIA_ATLAS_REQUIRE_BROWSER"] == "1"
    assert any(s.get("run") == "make test" for s in job["steps"])
    assert any(uses("actions/upload-artifact")(s) and s["with"]["path"] == "test-artifacts/" for s in job["steps"])


def test_push_to_main_deploys_to_github_pages():
    workflow = load(PAGES)
    assert workflow["on"]["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["permissions"]["pages"] == "write" and deploy["permissions"]["id-token"] == "write"
    assert "mkdocs build --strict" in runs({"jobs": {"build": build}})
    assert any(uses("actions/upload-pages-artifact")(s) for s in build["steps"])
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert any(uses("actions/deploy-pages")(s) for s in deploy["steps"])


SHELL_OPERATORS = {">", ">>", "|", "&&", "||", ";", "2>&1"}


def commands(workflow: dict, program: str) -> list:
    """The arguments of each call of program in the workflow's run: scripts, up to any redirection."""
    found = []
    for line in runs(workflow).splitlines():
        words = shlex.split(line.strip().rstrip("\\"), comments=True) if program in line else []
        for i, word in enumerate(words):
            if word == program or word.endswith("/" + program):
                rest = words[i + 1:]
                cut = next((j for j, w in enumerate(rest) if w in SHELL_OPERATORS), len(rest))
                found.append(rest[:cut])
    return found


@pytest.mark.parametrize("path", [PREVIEW, PAGES], ids=lambda p: p.name)
def test_every_command_the_workflows_run_exists(path):
    """Renaming a subcommand, an option or a make target must not silently break CI."""
    workflow = load(path)
    calls = commands(workflow, "militia-atlas")
    assert len(calls) >= 2
    for words in calls:
        try:
            build_parser().parse_args(words)
        except SystemExit:
            pytest.fail(f"`militia-atlas {' '.join(words)}` is not a valid command line")
    targets = re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), flags=re.MULTILINE)
    for words in commands(workflow, "make"):
        assert words[0] in targets, f"make {words[0]}: no such target"


# -- the comment's size, the full list, and a site too large for a Cloudflare preview -------------

def step_named(workflow: dict, fragment: str) -> dict:
    return steps(workflow)[index_of(workflow, lambda s: fragment in s.get("name", ""))]


def test_the_site_is_counted_before_the_preview_upload_and_an_oversized_one_is_not_uploaded():
    workflow = load(PREVIEW)
    count = index_of(workflow, running("scripts/preview_size.py site"))
    assert index_of(workflow, running("mkdocs build --strict")) < count < index_of(
        workflow, uses("cloudflare/wrangler-action"))
    assert steps(workflow)[count]["id"] == "size"
    deploy = steps(workflow)[index_of(workflow, uses("cloudflare/wrangler-action"))]
    assert "steps.size.outputs.fits == 'true'" in deploy["if"]


def test_the_full_list_of_changes_is_kept_as_an_artifact():
    workflow = load(PREVIEW)
    listing = index_of(workflow, running("militia-atlas diff"))
    keep = index_of(workflow, lambda s: uses("actions/upload-artifact")(s)
                    and s["with"]["path"] == "site-changes-full.md")
    assert listing < keep < index_of(workflow, uses("actions/github-script"))
    assert "!cancelled()" in steps(workflow)[keep]["if"]
    for words in commands(workflow, "militia-atlas"):
        if words[:1] == ["diff"]:
            assert "--full" in words and "site-changes-full.md" in words and "--full-url" in words, words


@pytest.fixture
def pull_request(tmp_path):
    """A repository with a base branch `origin/main` and 600 new attacks on top: what the comment step sees."""
    from test_diff import add_attacks, git, make_repo

    site = make_repo(tmp_path / "repo")
    git(site, "update-ref", "refs/remotes/origin/main", "HEAD")
    add_attacks(site, 600)
    (site / ".venv").mkdir()
    (site / ".venv" / "bin").symlink_to(BIN)
    return site


def run_listing_step(site: Path, **env) -> tuple:
    """Run the workflow's own shell script of the listing step, with the real `militia-atlas`."""
    import os

    step = step_named(load(PREVIEW), "List what the pull request changes")
    summary = site / "summary.md"
    full_env = {**os.environ, "BASE_REF": "main", "PR_NUMBER": "7", "GITHUB_STEP_SUMMARY": str(summary),
                "RUN_URL": "https://github.com/o/r/actions/runs/1", "PREVIEW_URL": "", **env}
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=site, env=full_env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return (site / "site-changes.md").read_text(encoding="utf-8"), summary.read_text(encoding="utf-8")


def test_the_comment_of_a_600_entry_pull_request_fits_and_says_where_the_rest_is(pull_request):
    comment, summary = run_listing_step(pull_request, PREVIEW_URL="https://pr-7.atlas.pages.dev",
                                        SITE_FITS="true", SITE_FILES="1234")
    assert len(comment) < 65536 and "600 added" in comment and "site-changes-full.md" in comment
    assert comment == summary
    full = (pull_request / "site-changes-full.md").read_text(encoding="utf-8")
    assert full.count("- Attack [") == 600


def test_the_comment_says_why_an_oversized_site_has_no_preview_and_how_to_view_it(pull_request):
    comment, _ = run_listing_step(pull_request, SITE_FITS="false", SITE_FILES="23456", SITE_LIMIT="20000")
    assert len(comment) < 65536
    assert "23456 files" in comment and "20000" in comment
    assert "`site-pr-7`" in comment and "python3 -m http.server" in comment
    assert "https://github.com/o/r/actions/runs/1" in comment
