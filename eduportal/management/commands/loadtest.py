"""A bounded load test on loopback: start gunicorn with production settings on
127.0.0.1:<port>, send mixed page views and form posts from N concurrent clients for
a fixed time, stop, and check the database: no 5xx, and exactly one complete row for
every post the server accepted (none lost, none half-saved).

    make loadtest                      # 64 clients for 30 s on port 8150
    python manage.py loadtest --concurrency 64 --duration 30 --port 8150 [--kill-db-at 10]

Needs the demo content (`make loadtest` loads it). Rows it creates are marked and
deleted afterwards. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.models import Article
from stories.models import Comment, Story

HOST = "127.0.0.1"
STORY_TEXT = (
    "The first weeks after the diagnosis were a blur of appointments and leaflets. I "
    "kept a notebook of questions and my nurse answered every one of them. Treatment "
    "was tiring, but friends took turns to cook and walk with me. Today I feel stronger "
    "and I want others to know that the hard days do pass, one small step at a time."
)


class Client:
    """One visitor: a keep-alive connection, a cookie for CSRF, timings."""

    def __init__(self, port: int):
        self.port = port
        self.conn = None
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Host": f"{HOST}:{self.port}", "Referer": f"http://{HOST}:{self.port}/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # As a browser does: forms on cached pages are checked by their Origin.
            headers["Origin"] = f"http://{HOST}:{self.port}"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # gunicorn's sync workers close the connection after each response.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - started
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            return response.status, content.decode("utf-8", "replace"), elapsed
        raise RuntimeError("unreachable")

    def csrf(self, html: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1) if match else ""


class Command(BaseCommand):
    help = "Bounded load test on 127.0.0.1: mixed pages and form posts, then row checks."

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=64)
        parser.add_argument("--duration", type=float, default=30.0, help="seconds (max 120)")
        parser.add_argument("--port", type=int, default=8150)
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument(
            "--kill-db-at",
            type=float,
            default=None,
            help="PostgreSQL only: terminate the server's database connections after this "
            "many seconds, to see what a lost connection costs mid-load.",
        )
        parser.add_argument("--keep", action="store_true", help="keep the rows it created")

    def handle(self, *args, concurrency, duration, port, workers, kill_db_at, keep, **options):
        if not 1 <= concurrency <= 256 or not 1 <= duration <= 120:
            raise CommandError("Keep it bounded: 1-256 clients, 1-120 seconds.")
        articles = list(Article.objects.published().values_list("slug", flat=True)[:10])
        stories = list(Story.objects.approved().values_list("slug", flat=True)[:10])
        topic_id = Story.objects.approved().values_list("cancer_type_id", flat=True).first()
        if not articles or not stories or topic_id is None:
            raise CommandError("No demo content: run `manage.py load_demo` first.")
        run = uuid.uuid4().hex[:12]
        marker = f"loadtest-{run}"
        server, static_root = self._start_server(port, workers)
        # (name, status, seconds taken, time.monotonic() when the answer came)
        results: list[tuple[str, int, float, float]] = []
        errors: list[str] = []
        lock = threading.Lock()
        try:
            self._wait_until_up(port)
            stop_at = time.monotonic() + duration
            killer = None
            if kill_db_at is not None:
                killer = threading.Timer(kill_db_at, self._kill_connections, args=(run,))
                killer.start()
            threads = [
                threading.Thread(
                    target=self._visitor,
                    args=(
                        n,
                        port,
                        stop_at,
                        articles,
                        stories,
                        topic_id,
                        marker,
                        results,
                        errors,
                        lock,
                    ),
                )
                for n in range(concurrency)
            ]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=duration + 180)
            elapsed = time.monotonic() - started
            if killer is not None:
                killer.cancel()
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        ok = self._report(results, errors, elapsed, marker, concurrency)
        if ok:
            shutil.rmtree(static_root, ignore_errors=True)
        else:
            self.stdout.write(f"Server log: {self.server_log}")
        if not keep:
            Story.objects.filter(text__contains=marker).delete()
            Comment.objects.filter(body__contains=marker).delete()
        if not ok:
            raise CommandError("Load test failed: see above.")

    # The server

    def _start_server(self, port: int, workers: int):
        static_root = tempfile.mkdtemp(prefix="eduportal-loadtest-static-")
        db = settings.DATABASES["default"]
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        if db["ENGINE"].endswith("postgresql"):
            database_url = (
                f"postgres://{db.get('USER') or 'postgres'}"
                f"{':' + db['PASSWORD'] if db.get('PASSWORD') else ''}@{db.get('HOST') or HOST}"
                f":{db.get('PORT') or 5432}/{db['NAME']}?application_name=eduportal-loadtest"
            )
        else:
            database_url = f"sqlite:///{db['NAME']}"
        env.update(
            DJANGO_SETTINGS_MODULE="eduportal.settings",
            DEBUG="0",
            SECRET_KEY=settings.SECRET_KEY
            if len(settings.SECRET_KEY) >= 50
            else "loadtest-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            ALLOWED_HOSTS=HOST,
            DATABASE_URL=database_url,
            STATIC_ROOT=static_root,
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            SERVE_MEDIA="1",
            # Plain HTTP on loopback.
            SECURE_SSL_REDIRECT="0",
            SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0",
            SECURE_HSTS_SECONDS="0",
            # Emails are not the subject here; never to the log.
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            # Every post should be taken, so each can be checked against its row.
            STORIES_RATE_LIMIT="1000000",
            COMMENTS_RATE_LIMIT="1000000",
            WEB_CONCURRENCY=str(workers),
            GUNICORN_BIND=f"{HOST}:{port}",
            LOG_LEVEL="WARNING",
        )
        self.stdout.write("Collecting static files…")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        log = Path(static_root) / "server.log"
        self.server_log = log
        self.stdout.write(f"Starting gunicorn ({workers} workers) on {HOST}:{port}…")
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--no-control-socket", "eduportal.wsgi"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        return server, static_root

    def _wait_until_up(self, port: int) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _body, _t = Client(port).request("GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise CommandError(f"The server did not start; see {self.server_log}")

    def _kill_connections(self, run: str) -> None:
        if connection.vendor != "postgresql":
            self.stderr.write("--kill-db-at needs PostgreSQL; ignored.")
            return
        self.kill_started_at = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = 'eduportal-loadtest'"
            )
            self.killed = cursor.fetchone()[0]
        self.killed_at = time.monotonic()
        connection.close()

    # The visitors

    def _visitor(
        self, n, port, stop_at, articles, stories, topic_id, marker, results, errors, lock
    ):
        rng = random.Random(n)
        client = Client(port)
        seq = 0
        pages = [
            ("home", "/"),
            ("articles", "/articles/"),
            ("stories", "/stories/"),
            ("specialists", "/specialists/"),
            ("search", "/search/?q=immunotherapy"),
        ]
        while time.monotonic() < stop_at:
            seq += 1
            roll = rng.random()
            try:
                if roll < 0.08:
                    self._post_comment(
                        client, rng.choice(articles), f"{marker} {n}-{seq}", results, lock
                    )
                elif roll < 0.12:
                    self._post_story(client, topic_id, f"{marker} {n}-{seq}", results, lock)
                elif roll < 0.40:
                    self._get(
                        client, "article", f"/articles/{rng.choice(articles)}/", results, lock
                    )
                elif roll < 0.55:
                    self._get(client, "story", f"/stories/{rng.choice(stories)}/", results, lock)
                else:
                    name, path = rng.choice(pages)
                    self._get(client, name, path, results, lock)
            except Exception as error:  # a client-side failure is a finding too
                with lock:
                    errors.append(f"{type(error).__name__}: {error}")

    def _get(self, client, name, path, results, lock):
        status, body, elapsed = client.request("GET", path)
        with lock:
            results.append((name, status, elapsed, time.monotonic()))
        return body

    def _post_comment(self, client, slug, body, results, lock):
        html = self._get(client, "article", f"/articles/{slug}/", results, lock)
        status, _body, elapsed = client.request(
            "POST",
            f"/stories/comments/{slug}/",
            {
                "csrfmiddlewaretoken": client.csrf(html),
                "name": "Load tester",
                "email": "loadtest@example.invalid",
                "body": body,
                "consent_privacy": "on",
                "website": "",
            },
        )
        with lock:
            results.append(("comment-post", status, elapsed, time.monotonic()))

    def _post_story(self, client, topic_id, marker, results, lock):
        html = self._get(client, "share", "/stories/share/", results, lock)
        status, _body, elapsed = client.request(
            "POST",
            "/stories/share/",
            {
                "csrfmiddlewaretoken": client.csrf(html),
                "display_name": "Load tester",
                "country": "GB",
                "status": "in_treatment",
                "cancer_type": str(topic_id),
                "short_line": "Testing, kindly.",
                "text": f"{STORY_TEXT} {marker}",
                "email": "loadtest@example.invalid",
                "consent_publish": "on",
                "consent_privacy": "on",
                "website": "",
            },
        )
        with lock:
            results.append(("story-post", status, elapsed, time.monotonic()))

    # The verdict

    def _report(self, results, errors, elapsed, marker, concurrency) -> bool:
        statuses = Counter(status for _n, status, _t, _at in results)
        latencies = sorted(t for _n, _s, t, _at in results)
        by_kind = Counter((name, status) for name, status, _t, _at in results)
        server_errors = sum(count for status, count in statuses.items() if status >= 500)
        # A request in flight when the connections were killed may fail; one sent after
        # must not (CONN_HEALTH_CHECKS reconnects). Sent = answered minus time taken.
        killed_from = getattr(self, "kill_started_at", None)
        killed_until = getattr(self, "killed_at", None)
        errors_not_in_flight = sum(
            1
            for _n, status, taken, answered_at in results
            if status >= 500
            and not (
                killed_from is not None
                and answered_at >= killed_from
                and answered_at - taken <= killed_until
            )
        )
        accepted_stories = by_kind[("story-post", 302)]
        accepted_comments = by_kind[("comment-post", 302)]
        stories = Story.objects.filter(text__contains=marker)
        comments = Comment.objects.filter(body__contains=marker)
        story_rows, comment_rows = stories.count(), comments.count()
        half_saved = (
            stories.filter(email="").count()
            + stories.filter(consented_at__isnull=True).count()
            + stories.exclude(moderation_status=Story.Moderation.PENDING).count()
            + comments.filter(email="").count()
        )

        def pct(p):
            return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

        self.stdout.write(
            f"Clients: {concurrency}, time: {elapsed:.1f} s, engine: {connection.vendor}"
        )
        self.stdout.write(
            f"Requests: {len(results)} ({len(results) / elapsed:.1f}/s); by status: "
            + ", ".join(f"{s}: {c}" for s, c in sorted(statuses.items()))
        )
        if latencies:
            self.stdout.write(
                f"Latency ms: median {statistics.median(latencies) * 1000:.0f}, "
                f"p95 {pct(0.95):.0f}, p99 {pct(0.99):.0f}, max {latencies[-1] * 1000:.0f}"
            )
        self.stdout.write(
            f"Story posts accepted: {accepted_stories}, rows: {story_rows}; comment posts "
            f"accepted: {accepted_comments}, rows: {comment_rows}; half-saved rows: {half_saved}"
        )
        if getattr(self, "killed", None) is not None:
            self.stdout.write(f"Database connections terminated mid-load: {self.killed}")
        if errors:
            self.stdout.write(f"Client errors: {len(errors)}, e.g. {errors[0]}")
        # Killing the database connections may cost the requests in flight at that
        # moment (one per worker at most), never more.
        allowed = getattr(self, "killed", 0) or 0
        if allowed:
            self.stdout.write(
                f"Server errors: {server_errors} (allowed: the {allowed} requests at most that "
                f"were using a killed connection); not in flight at the kill: "
                f"{errors_not_in_flight}"
            )
        ok = (
            server_errors <= allowed
            and errors_not_in_flight == 0
            and not errors
            and story_rows == accepted_stories
            and comment_rows == accepted_comments
            and half_saved == 0
            and len(results) > 0
        )
        self.stdout.write(
            self.style.SUCCESS(
                "OK: no lost or half-saved rows, "
                + (f"{server_errors} 5xx from the killed connections." if allowed else "no 5xx.")
            )
            if ok
            else self.style.ERROR(f"FAILED: {server_errors} server errors")
        )
        return ok
