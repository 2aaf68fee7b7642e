"""The scale-out profile on one machine (`make run-scaled`, and the scale-out tests):

    PostgreSQL (tracker store) ─┐
    Redis (lock store) ─────────┼── Rasa replica A :5011 ─┐
                                └── Rasa replica B :5012 ─┴─ nginx :8080 (REST round robin,
    action server A :5061 ─┐                                   socket.io sticky)
    action server B :5062 ─┴─ nginx :8055 ◀── both replicas' action endpoint

PostgreSQL is a Debian cluster of its own ("cstbot", port 25432), Redis and nginx run as child
processes with their files under build/scaled/. Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import env
from ops.servers import (
    PROJECT_DIR,
    ServerError,
    Servers,
    ensure_free,
    serve_until_interrupted,
    spawn,
    stop_process,
)

RUN_DIR = PROJECT_DIR / "build" / "scaled"
PG_VERSION_DIR = Path("/usr/lib/postgresql")
# Below the kernel's ephemeral range (32768-60999): a client socket can never hold these ports.
PG_CLUSTER, PG_PORT = "cstbot", 25432
REDIS_PORT, FRONT_PORT, ACTIONS_PORT = 26379, 8080, 8055
RASA_PORTS, ACTION_PORTS = (5011, 5012), (5061, 5062)
DB_PASSWORD = env("CST_DB_PASSWORD", "cst-local-only")


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def pg_version() -> str:
    versions = sorted(p.name for p in PG_VERSION_DIR.iterdir()) if PG_VERSION_DIR.exists() else []
    if not versions:
        raise ServerError("PostgreSQL is not installed (scripts/ensure-packages.sh postgresql).")
    return versions[-1]


def as_postgres(sql: str) -> str:
    return run(["runuser", "-u", "postgres", "--", "psql", "-p", str(PG_PORT), "-tAc", sql]).stdout.strip()


def start_postgres() -> None:
    """Create (once) and start the cluster, with a `rasa` role and database."""
    version = pg_version()
    clusters = run(["pg_lsclusters", "-h"]).stdout
    if not any(line.split()[:2] == [version, PG_CLUSTER] for line in clusters.splitlines()):
        run(
            [
                "pg_createcluster",
                version,
                PG_CLUSTER,
                "-p",
                str(PG_PORT),
                "--",
                "--auth-local=peer",
                "--auth-host=scram-sha-256",
            ]
        )
    # Also for a cluster made by an earlier version with another port.
    run(["pg_conftool", version, PG_CLUSTER, "set", "port", str(PG_PORT)])
    conf = Path(f"/etc/postgresql/{version}/{PG_CLUSTER}/conf.d/cstbot.conf")
    conf.write_text("listen_addresses = '127.0.0.1'\nmax_connections = 100\n")
    status = subprocess.run(["pg_ctlcluster", version, PG_CLUSTER, "status"], capture_output=True)
    if status.returncode != 0:
        run(["pg_ctlcluster", version, PG_CLUSTER, "start"])
    for _ in range(50):
        if (
            subprocess.run(
                ["pg_isready", "-h", "127.0.0.1", "-p", str(PG_PORT)], capture_output=True
            ).returncode
            == 0
        ):
            break
        time.sleep(0.2)
    if as_postgres("SELECT 1 FROM pg_roles WHERE rolname = 'rasa'") != "1":
        as_postgres(f"CREATE ROLE rasa LOGIN PASSWORD '{DB_PASSWORD}'")
    else:
        as_postgres(f"ALTER ROLE rasa PASSWORD '{DB_PASSWORD}'")
    if as_postgres("SELECT 1 FROM pg_database WHERE datname = 'rasa'") != "1":
        as_postgres("CREATE DATABASE rasa OWNER rasa")


def stop_postgres() -> None:
    subprocess.run(["pg_ctlcluster", pg_version(), PG_CLUSTER, "stop", "-m", "fast"], capture_output=True)


def psql_rasa(sql: str) -> str:
    """Run SQL in the assistant's database (for tests and tools)."""
    command = ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "rasa", "-d", "rasa", "-tAc", sql]
    return run(command, env={**os.environ, "PGPASSWORD": DB_PASSWORD}).stdout


def upstream(ports: tuple[int, ...]) -> str:
    """The server lines of an nginx upstream block."""
    return "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports)


@dataclass
class Cluster:
    extra_env: dict[str, str] = field(default_factory=dict)  # e.g. Slack settings, for tests
    replicas: list[Servers] = field(default_factory=list)
    children: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{FRONT_PORT}"

    def _spawn(self, name: str, command: list[str]) -> None:
        self.children[name] = spawn(command, RUN_DIR / f"{name}.log")

    def start(self, timeout: float = 240.0) -> float:
        started = time.monotonic()
        RUN_DIR.mkdir(parents=True, exist_ok=True)
        ensure_free("127.0.0.1", (FRONT_PORT, ACTIONS_PORT, *RASA_PORTS, *ACTION_PORTS))
        start_postgres()
        self._spawn(
            "redis",
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(REDIS_PORT),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(RUN_DIR),
            ],
        )
        self.start_nginx()
        # Replicas share Slack's seen event ids in Redis (db 2; the locks use db 1).
        replica_env = {
            "CST_DB_PASSWORD": DB_PASSWORD,
            # One secret for every replica: any Rasa replica may call any action server.
            "CST_ACTION_SECRET": env("CST_ACTION_SECRET") or secrets.token_hex(16),
            # …and one for widget sessions: a socket may land on either replica.
            "CST_WIDGET_SECRET": env("CST_WIDGET_SECRET") or secrets.token_hex(32),
            "CST_REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/2",
            **self.extra_env,
        }
        for i, (rasa_port, action_port) in enumerate(zip(RASA_PORTS, ACTION_PORTS, strict=True)):
            replica = Servers(
                rasa_port=rasa_port,
                action_port=action_port,
                log_dir=RUN_DIR / f"replica-{'ab'[i]}",
                endpoints=PROJECT_DIR / "endpoints.scaled.yml",
                extra_env=replica_env,
            )
            self.replicas.append(replica)
            replica.start_actions()
            replica.start_rasa()
        try:
            for replica in self.replicas:
                replica.wait_ready(timeout)
        except ServerError:
            self.stop()
            raise
        return time.monotonic() - started

    def start_nginx(self) -> None:
        nginx_dir = RUN_DIR / "nginx"
        nginx_dir.mkdir(parents=True, exist_ok=True)
        template = (PROJECT_DIR / "deploy" / "nginx.conf.template").read_text()
        conf = template.format(
            run_dir=nginx_dir,
            port=FRONT_PORT,
            action_port=ACTIONS_PORT,
            rasa_servers=upstream(RASA_PORTS),
            action_servers=upstream(ACTION_PORTS),
        )
        (nginx_dir / "nginx.conf").write_text(conf)
        self._spawn(
            "nginx", ["nginx", "-p", str(nginx_dir), "-c", str(nginx_dir / "nginx.conf"), "-g", "daemon off;"]
        )

    def stop(self) -> None:
        for replica in self.replicas:
            replica.stop()
        while self.children:
            stop_process(self.children.popitem()[1], timeout=10)
        stop_postgres()


def main() -> int:
    for tool in ("redis-server", "nginx", "pg_createcluster"):
        if not shutil.which(tool):
            print(
                f"{tool} is missing: run scripts/ensure-packages.sh postgresql redis-server nginx",
                file=sys.stderr,
            )
            return 1
    cluster = Cluster()
    try:
        seconds = cluster.start()
    except (ServerError, subprocess.CalledProcessError) as error:
        print(f"Could not start the scaled-out assistant: {error}", file=sys.stderr)
        return 1
    print(
        f"""
The scaled-out assistant is running ({seconds:.1f} s): 2 Rasa replicas, 2 action servers,
PostgreSQL :{PG_PORT}, Redis :{REDIS_PORT}, nginx :{FRONT_PORT}.

  REST:        curl -s {cluster.url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
                 -d '{{"sender": "me", "message": "What is craniosacral therapy?"}}'
  Widget demo: {cluster.url}/webhooks/web/
  Logs:        {RUN_DIR}/

Press Ctrl-C to stop everything.""",
        flush=True,
    )
    return serve_until_interrupted(cluster.stop)


if __name__ == "__main__":
    raise SystemExit(main())
