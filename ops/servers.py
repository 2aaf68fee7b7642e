"""Start, watch and stop the two servers (Rasa and the action server) as child processes.

Used by `make run`, `make shell`, `make bench`, the scale-out profile and the end-to-end tests,
so that all of them start, talk to and stop the assistant the same way.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import MAX_BODY_BYTES, env
from ops.logs import DailyLog, pump

PROJECT_DIR = Path(__file__).resolve().parent.parent
VENVS = PROJECT_DIR / ".venvs"
MODEL = PROJECT_DIR / "models" / "cst-ser.tar.gz"


class ServerError(RuntimeError):
    pass


def http_ok(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


def ensure_free(host: str, ports: Iterable[int]) -> None:
    for port in ports:
        if http_ok(f"http://{host}:{port}/", timeout=0.5):
            raise ServerError(f"Port {port} is already in use; stop what runs there first.")


def post(url: str, sender: str, message: str, timeout: float = 60.0) -> list[dict]:
    """One message to the REST channel of the Rasa server (or nginx) at `url`; its replies."""
    request = urllib.request.Request(
        f"{url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


def spawn(command: list[str], log: Path, **options) -> subprocess.Popen:
    """A child in a session of its own (Ctrl-C in a terminal reaches us; we stop the children),
    its output going into `log`, which rotates daily (ops/logs.py)."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True, **options
    )
    pump(process.stdout, DailyLog(log))
    return process


def stop_process(process: subprocess.Popen, timeout: float = 15.0) -> None:
    """SIGTERM to the child's process group, SIGKILL after `timeout` seconds."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# Rasa sends this header with every call to the action server, which refuses calls without it
# (actions/server.py); Rasa fills in the variable, which `Servers` sets for both processes.
ACTION_SECRET_HEADERS = '  headers:\n    X-CST-Action-Secret: ${CST_ACTION_SECRET}\n'


def fresh_store_endpoints(folder: Path, action_port: int) -> Path:
    """An endpoints file with an empty SQLite tracker store in `folder`."""
    endpoints = folder / "endpoints.yml"
    endpoints.write_text(
        f"action_endpoint:\n  url: http://127.0.0.1:{action_port}/webhook\n"
        f"{ACTION_SECRET_HEADERS}"
        "tracker_store:\n  type: rasa_addons.tracker_store.RedactingSQLTrackerStore\n"
        f"  dialect: sqlite\n  db: {folder / 'tracker.db'}\n"
    )
    return endpoints


@dataclass
class Servers:
    rasa_port: int = 5005
    action_port: int = 5055
    host: str = "127.0.0.1"
    log_dir: Path = PROJECT_DIR / "build" / "logs"
    endpoints: Path = PROJECT_DIR / "endpoints.yml"
    credentials: Path = PROJECT_DIR / "credentials.yml"
    api_token: str | None = None  # enables Rasa's HTTP API (tracker access), for tests
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    # Shared by this Rasa server and its action server: set CST_ACTION_SECRET to fix it.
    action_secret: str = field(default_factory=lambda: env("CST_ACTION_SECRET") or secrets.token_hex(16))
    # Signs widget sessions (channels/widget_session.py): set CST_WIDGET_SECRET for sessions
    # that outlive a restart.
    widget_secret: str = field(default_factory=lambda: env("CST_WIDGET_SECRET") or secrets.token_hex(32))

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}"

    def _spawn(self, name: str, command: list[str]) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "SANIC_REQUEST_MAX_SIZE": str(MAX_BODY_BYTES),
            "CST_ACTION_SECRET": self.action_secret,
            "CST_WIDGET_SECRET": self.widget_secret,
            **self.extra_env,
        }
        env["PYTHONPATH"] = str(PROJECT_DIR)
        self.processes[name] = spawn(command, self.log_dir / f"{name}.log", cwd=PROJECT_DIR, env=env)

    def start_actions(self) -> None:
        self._spawn(
            "actions",
            [
                str(VENVS / "actions" / "bin" / "python"),
                "-m",
                "actions.server",
                "--host",
                self.host,
                "--port",
                str(self.action_port),
            ],
        )

    def start_rasa(self) -> None:
        if not MODEL.exists():
            raise ServerError(f"No trained model at {MODEL}; run `make train`.")
        command = [
            str(VENVS / "rasa" / "bin" / "rasa"),
            "run",
            "-m",
            str(MODEL),
            "-i",
            self.host,
            "-p",
            str(self.rasa_port),
            "--endpoints",
            str(self.endpoints),
            "--credentials",
            str(self.credentials),
        ]
        if self.api_token:
            command += ["--enable-api", "--auth-token", self.api_token]
        self._spawn("rasa", command)

    def start(self, timeout: float = 180.0) -> float:
        """Start both servers and wait until both answer; returns the seconds it took."""
        ensure_free(self.host, (self.rasa_port, self.action_port))
        started = time.monotonic()
        self.start_actions()
        self.start_rasa()
        self.wait_ready(timeout)
        return time.monotonic() - started

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        checks = {"actions": f"{self.action_url}/health", "rasa": f"{self.rasa_url}/"}
        pending = dict(checks)
        while pending:
            for name, url in list(pending.items()):
                process = self.processes.get(name)
                if process and process.poll() is not None:
                    self.stop()
                    raise ServerError(
                        f"The {name} server exited (code {process.returncode}):\n{self.log_tail(name)}"
                    )
                if http_ok(url):
                    del pending[name]
            if time.monotonic() > deadline:
                self.stop()
                raise ServerError(f"Servers not ready after {timeout:.0f} s: {sorted(pending)}")
            time.sleep(0.3)

    def log_tail(self, name: str, lines: int = 20) -> str:
        path = self.log_dir / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop_one(self, name: str, timeout: float = 15.0) -> None:
        process = self.processes.pop(name, None)
        if process is not None:
            stop_process(process, timeout)

    def stop(self) -> None:
        for name in list(self.processes):
            self.stop_one(name)


def serve_until_interrupted(stop: Callable[[], None], alive: Callable[[], bool] = lambda: True) -> int:
    """Keep running until Ctrl-C or SIGTERM (exit 0) or until `alive` says no (exit 1); then stop."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while alive():
            time.sleep(0.5)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        print("\nStopping ...", flush=True)
        stop()
