"""Helpers for tests that start real processes (app servers, the job worker) against
the test database: PostgreSQL only, since SQLite's test database lives in memory."""

from __future__ import annotations

import http.cookiejar
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: other processes cannot open SQLite's in-memory test database"
        )


def database_url() -> str:
    s = connection.settings_dict
    host, port = s.get("HOST") or "127.0.0.1", s.get("PORT") or 5432
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{host}:{port}/{s['NAME']}"


def process_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.server_settings",
        PYTHONPATH=str(ROOT),
        DATABASE_URL=database_url(),
        DEBUG="0",
        CONN_MAX_AGE="0",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(*args: str, timeout: int = 120, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=process_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class ServerProcess:
    """A server this test started on a loopback port: waited for until its /healthz
    answers, stopped (and killed if it must) at the end."""

    name = "server"

    def __init__(self, port: int, command: list[str], timeout: float = 30, **popen):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **popen
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stdout.read().decode()[-3000:])
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2).read()
                return
            except OSError:  # URLError and refused or reset connections
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.name} on {port} did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class AppServer(ServerProcess):
    """One gunicorn process (one sync worker) on a loopback port."""

    name = "app server"

    def __init__(self, port: int, env: dict):
        super().__init__(
            port,
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "eduportal.wsgi",
                "--config",
                "gunicorn.conf.py",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=process_env(**env),
            start_new_session=True,
        )


class Browser:
    """A visitor: cookies are kept (and, as in browsers, shared by every port of a host)."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, url: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with self.opener.open(req, timeout=15) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
