"""The GitHub Actions workflows: linted by actionlint and zizmor, held to the project's security rules, and
running only commands that work here (the same make targets a developer runs)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, site_config, write_docs
from test_content import ARTICLE, PLAN, PROCEDURE

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, job, step


def test_there_are_the_two_workflows():
    assert [p.name for p in WORKFLOWS] == ["publish.yml", "pull-request.yml"]


def test_actionlint_finds_nothing():
    done = subprocess.run([str(BIN / "actionlint"), "-no-color", "-oneline", "-shellcheck", str(BIN / "shellcheck"), "-pyflakes=",
                           *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=REPO)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_actionlint_does_find_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.event.head_commit.message }}\n"
                      "      - uses: actions/checkout@v6\n        with:\n          persist-credentials: maybe-not\n", encoding="utf-8")
    done = subprocess.run([str(BIN / "actionlint"), "-no-color", "-oneline", str(broken)], capture_output=True, text=True)
    assert done.returncode == 1 and "broken.yml" in done.stdout


def zizmor(*inputs: Path) -> subprocess.CompletedProcess:
    # --offline: no audit that asks GitHub's API; auditor persona and no ignore comments: the strictest reading.
    return subprocess.run([str(BIN / "zizmor"), "--offline", "--persona", "auditor", "--no-ignores", "--format", "plain", *map(str, inputs)],
                          capture_output=True, text=True, cwd=REPO, env={**os.environ, "NO_COLOR": "1"})


def test_zizmor_finds_nothing():
    done = zizmor(REPO / ".github")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout


def test_zizmor_does_find_an_unsafe_workflow(tmp_path):
    unsafe = tmp_path / ".github/workflows/unsafe.yml"
    unsafe.parent.mkdir(parents=True)
    unsafe.write_text("on: pull_request_target\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
                      "      - uses: actions/checkout@v6\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n"
                      "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    done = zizmor(unsafe)
    assert done.returncode != 0
    for audit in ("dangerous-triggers", "excessive-permissions", "unpinned-uses", "template-injection", "artipacked"):
        assert audit in done.stdout, done.stdout


def test_pull_requests_never_run_with_the_base_repository_rights():
    pull_request = load(REPO / ".github/workflows/pull-request.yml")
    assert list(pull_request["on"]) == ["pull_request"]
    for path in WORKFLOWS:
        assert "pull_request_target" not in path.read_text(encoding="utf-8")


def test_permissions_are_empty_at_the_top_and_least_per_job():
    granted = {}
    for path in WORKFLOWS:
        workflow = load(path)
        assert workflow["permissions"] == {}, path.name
        assert "group" in workflow["concurrency"], path.name
        for name, job in workflow["jobs"].items():
            granted[(path.name, name)] = job["permissions"]
    writes = {key: {scope for scope, level in scopes.items() if level == "write"} for key, scopes in granted.items()}
    assert {key: scopes for key, scopes in writes.items() if scopes} == {
        ("publish.yml", "deploy"): {"pages", "id-token"},
        ("publish.yml", "release"): {"contents"},
    }
    publish = load(REPO / ".github/workflows/publish.yml")
    assert publish["jobs"]["deploy"]["if"] == "github.ref == 'refs/heads/main'"
    assert publish["jobs"]["release"]["if"] == "startsWith(github.ref, 'refs/tags/v')"


def test_every_action_is_pinned_to_a_commit_with_its_version_named():
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                action, _, comment = line.split("uses:", 1)[1].partition("#")
                assert PINNED.match(action.strip()), line
                assert re.fullmatch(r" v\d+\.\d+\.\d+", comment), line


def test_checkouts_keep_no_credentials_and_pip_caches_follow_the_pins():
    checkouts = caches = 0
    for path in WORKFLOWS:
        for _, _, step in steps(load(path)):
            if step.get("uses", "").startswith("actions/checkout@"):
                checkouts += 1
                assert step["with"]["persist-credentials"] is False
            if step.get("uses", "").startswith("actions/setup-python@") and "cache" in step.get("with", {}):
                caches += 1
                assert step["with"]["cache"] == "pip"
                assert "requirements.txt" in step["with"]["cache-dependency-path"]
    assert checkouts == 3 and caches == 2
    # What is published is built without any cache a pull request could have filled.
    for _, _, step in steps(load(REPO / ".github/workflows/publish.yml")):
        assert "cache" not in step.get("with", {}) and not step.get("uses", "").startswith("actions/cache@"), step


def test_dependabot_updates_pip_and_actions():
    config = yaml.safe_load((REPO / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} >= {"pip", "github-actions"}


def run_lines() -> list[str]:
    return [line for path in WORKFLOWS for _, _, step in steps(load(path)) if "run" in step for line in step["run"].splitlines()]


def test_workflows_run_make_targets_and_nothing_clever():
    commands = run_lines()
    assert sorted({line.split()[0] for line in commands}) == ["gh", "make"]
    assert [line for line in commands if line.startswith("gh ")] == [
        'gh release create "$TAG" dist/*-offline.zip --repo "$GITHUB_REPOSITORY" --verify-tag --generate-notes --title "$TAG"']


def test_every_make_target_the_workflows_run_exists_here():
    targets = sorted({word for line in run_lines() if line.startswith("make ") for word in shlex.split(line)[1:]})
    assert targets == ["check-github", "offline", "site", "summary", "test"]
    for target in targets:
        done = subprocess.run(["make", "-n", target], capture_output=True, text=True, cwd=REPO)
        assert done.returncode == 0, (target, done.stderr)
        assert "scripts.cli" in done.stdout or "pytest" in done.stdout or "mkdocs" in done.stdout


def test_the_workflow_check_turns_problems_into_annotations(tmp_path):
    bad = ARTICLE.replace('date: "2021-03-21"', 'date: "2021-13-45"').replace("Nội dung bài viết.", "<script>alert(1)</script>")
    docs = write_docs(tmp_path, {"tin-tuc/bai-moi.md": bad})
    config = site_config(tmp_path, docs)
    done = subprocess.run([sys.executable, "-m", "scripts.cli", "--config", str(config), "check", "--format", "github"],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 1
    annotations = done.stdout.splitlines()
    assert len(annotations) == 2, annotations
    assert annotations[0].startswith('::error file=docs/tin-tuc/bai-moi.md,line=3::docs/tin-tuc/bai-moi.md:3: LỖI [date]: "2021-13-45" không phải')
    assert annotations[1].startswith("::error file=docs/tin-tuc/bai-moi.md,line=9::docs/tin-tuc/bai-moi.md:9: LỖI: thẻ <script>")


def test_make_check_github_passes_on_the_repository():
    done = subprocess.run(["make", "--no-print-directory", "check-github"], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error" not in done.stdout


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args], cwd=cwd, check=True, capture_output=True)


def test_make_summary_lists_the_pages_a_pull_request_adds_or_changes_and_where_to_open_them(tmp_path):
    docs = write_docs(tmp_path, {"tin-tuc/bai-cu.md": ARTICLE, "thu-tuc/khai-sinh.md": PROCEDURE, "ke-hoach/ke-hoach-cu.md": PLAN})
    config = site_config(tmp_path, docs)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "docs")
    git(tmp_path, "commit", "-q", "-m", "base")
    (docs / "tin-tuc/bai-moi.md").write_text(ARTICLE.replace("năm 2021\n", "năm 2022\n", 1).replace("category: Thông tin, tuyên truyền", "category: Chưa có"),
                                             encoding="utf-8")
    (docs / "tin-tuc/bai-cu.md").write_text(ARTICLE.replace("Nội dung bài viết.", "Nội dung đã sửa."), encoding="utf-8")
    (docs / "tin-tuc/bai-cu.en.md").write_text("---\ntitle: The ward's communication plan for 2021\n---\n\nText.\n", encoding="utf-8")
    (docs / "thu-tuc/khai-sinh.md").unlink()
    (docs / "ke-hoach/ke-hoach-cu.md").rename(docs / "ke-hoach/111-kh-ubnd-2021.md")
    git(tmp_path, "add", "-A", "docs")
    git(tmp_path, "commit", "-q", "-m", "pull request")
    out = tmp_path / "summary.md"
    done = subprocess.run(["make", "--no-print-directory", "summary", f"PYTHON={sys.executable}"], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "GITHUB_STEP_SUMMARY": str(out), "MAKEFLAGS": ""})
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") != ""  # the repository's own summary, through make
    own = subprocess.run([sys.executable, "-m", "scripts.cli", "--config", str(config), "summary", "--base", "HEAD^1"],
                         capture_output=True, text=True, cwd=REPO)
    assert own.returncode == 0, own.stderr
    text = own.stdout
    listed = text.split("### Trang thêm mới hoặc đã sửa / Pages added or changed (5)\n")[1].split("###")[0]
    bundle = "cai-cach-hanh-chinh-phuong-thanh-xuan-offline.zip"
    assert f"giải nén `{bundle}`" in listed
    rows = [line for line in listed.splitlines() if line.startswith("| `docs/")]
    assert rows == [
        "| `docs/ke-hoach/111-kh-ubnd-2021.md` | đổi tên (renamed) | kế hoạch | vi | Thông tin, tuyên truyền về kiểm soát thủ tục hành chính năm 2021 "
        "| `ke-hoach/111-kh-ubnd-2021/index.html` | `ke-hoach/111-kh-ubnd-2021.html` |",
        "| `docs/thu-tuc/khai-sinh.md` | đã xóa (deleted) | thủ tục | vi | — | — | — |",
        "| `docs/tin-tuc/bai-cu.en.md` | thêm mới (added) | tin bài | en | The ward's communication plan for 2021 "
        "| `en/tin-tuc/bai-cu/index.html` | `en/tin-tuc/bai-cu.html` |",
        "| `docs/tin-tuc/bai-cu.md` | sửa (changed) | tin bài | vi | Phường triển khai kế hoạch tuyên truyền năm 2021 "
        "| `tin-tuc/bai-cu/index.html` | `tin-tuc/bai-cu.html` |",
        "| `docs/tin-tuc/bai-moi.md` | thêm mới (added) | tin bài | vi | Phường triển khai kế hoạch tuyên truyền năm 2022 "
        "| `tin-tuc/bai-moi/index.html` | `tin-tuc/bai-moi.html` |"]
    assert "❌ 1 lỗi" in text and "### Lỗi / Errors (1)" in text and "chuyên mục «Chưa có»" in text
    assert "5 tệp (2 tin bài, 1 kế hoạch, 0 thủ tục, 1 trang): 1 lỗi, 1 cảnh báo." in text


def test_the_summary_says_so_when_no_page_changed(tmp_path):
    docs = write_docs(tmp_path, {"tin-tuc/bai-cu.md": ARTICLE})
    config = site_config(tmp_path, docs)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "docs")
    git(tmp_path, "commit", "-q", "-m", "base")
    (tmp_path / "README.md").write_text("Not a page.\n", encoding="utf-8")
    git(tmp_path, "add", "README.md")
    git(tmp_path, "commit", "-q", "-m", "no page")
    own = subprocess.run([sys.executable, "-m", "scripts.cli", "--config", str(config), "summary", "--base", "HEAD^1"],
                         capture_output=True, text=True, cwd=REPO)
    assert "Pages added or changed (0)" in own.stdout and "Không có trang nào thêm mới hay thay đổi" in own.stdout


def test_nothing_reads_outside_the_repository():
    """A fork has nothing beside its checkout: no project file may name a path above the repository."""
    outside = re.compile(r"REPO\.parent\b|\.\./shared|/work/|parent\.parent\.parent")
    tracked = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout.split()
    sources = [name for name in tracked if name.endswith((".py", ".js", ".yml", ".yaml", ".json", ".j2", ".html", ".toml"))
               or name in ("Makefile", ".ci/run")]
    found = [f"{name}:{number}" for name in sources
             for number, line in enumerate((REPO / name).read_text(encoding="utf-8", errors="replace").splitlines(), 1)
             if outside.search(line) and name != "tests/test_workflows.py"]
    assert found == []
