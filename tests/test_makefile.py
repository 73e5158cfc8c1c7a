"""The Makefile's targets pass on what they promise (without running them: `make -n`)."""

from __future__ import annotations

import subprocess

from conftest import ROOT


def dry_run(*args) -> str:
    result = subprocess.run(["make", "-n", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def serve_line(output: str) -> str:
    lines = [line for line in output.splitlines() if "mkdocs serve" in line]
    assert len(lines) == 1, output
    return lines[0]


def test_serve_listens_on_localhost_port_8000_by_default():
    assert "--dev-addr 127.0.0.1:8000" in serve_line(dry_run("serve"))


def test_serve_takes_an_address():
    line = serve_line(dry_run("serve", "ADDR=0.0.0.0:8001"))
    assert "--dev-addr 0.0.0.0:8001" in line and "127.0.0.1:8000" not in line
