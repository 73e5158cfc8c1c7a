"""A small Language Server Protocol client (JSON-RPC over stdio) to drive yaml-language-server as an editor does.

yaml-language-server comes from tools/yaml-language-server/package-lock.json, installed into
vendor/yaml-language-server/ by scripts/ensure_checkers.sh (`make test`), and runs on Debian's Node.js.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

from conftest import ROOT

SERVER = ROOT / "vendor/yaml-language-server/node_modules/yaml-language-server/bin/yaml-language-server"
INSTALL_HINT = "run `make checkers` (Node.js and npm from Debian, then `npm ci` of tools/yaml-language-server/)"


def missing() -> str:
    """Why the language server cannot run here, or ''."""
    if not shutil.which("node"):
        return "Node.js is not installed; " + INSTALL_HINT
    if not SERVER.is_file():
        return "yaml-language-server is not installed; " + INSTALL_HINT
    return ""


class LanguageServer:
    def __init__(self, root: Path):
        self.root = root
        self.process = subprocess.Popen(["node", str(SERVER), "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=root)
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        self.settings: dict = {}
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            if not headers:
                return
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict, timeout: float = 20):
        self.next_id += 1
        ident = self.next_id
        self._send({"id": ident, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == ident and "method" not in m, timeout)["result"]

    def wait(self, wanted, timeout: float = 20) -> dict:
        """The next message `wanted` accepts; the server's own requests get an empty answer meanwhile."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError("the language server did not answer") from None
            if wanted(message):
                return message
            if "method" in message and "id" in message:  # workspace/configuration, client/registerCapability...
                self._send({"id": message["id"], "result": self._answer(message)})

    def _answer(self, message: dict):
        """VS Code answers workspace/configuration with its settings, section by section."""
        if message["method"] != "workspace/configuration":
            return None
        return [self.settings.get(item.get("section"), None) for item in message["params"]["items"]]

    def start(self, settings: dict) -> None:
        """initialize, then the settings as VS Code sends them (workspace/didChangeConfiguration)."""
        self.settings = settings
        uri = self.root.as_uri()
        self.request("initialize", {"processId": None, "rootUri": uri, "workspaceFolders": [{"uri": uri, "name": "site"}],
                                    "capabilities": {"textDocument": {"completion": {"completionItem": {
                                        "snippetSupport": True}}}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def open(self, path: Path) -> str:
        uri = path.resolve().as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}})
        return uri

    def diagnostics(self, uri: str, timeout: float = 20) -> list:
        """The first non-empty diagnostics published for uri ([] when none come within the timeout)."""
        try:
            return self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                             and m["params"]["uri"] == uri and m["params"]["diagnostics"], timeout)["params"]["diagnostics"]
        except TimeoutError:
            return []

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=5)
            self.notify("exit", {})
            self.process.wait(timeout=5)
        except (TimeoutError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
