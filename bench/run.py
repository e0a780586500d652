"""`make bench`: eduportal under gunicorn on PostgreSQL with Redis, driven by wrk.

For each page (and the floor: a minimal Django view returning as many bytes as the
article page, through the same gunicorn settings and middleware) it runs wrk at
concurrency 32 for a few seconds, interleaved, three times, and keeps the median:
requests/s, % of the floor, p50/p99, errors; plus SQL queries per request and HTML
bytes (in-process, warm) and the gunicorn workers' memory. Runs with the full-page
cache on and off; `PROXY=nginx` measures through nginx with its micro-cache instead,
against nginx serving the same bytes as a static file.

Everything is bounded: each wrk run lasts BENCH_DURATION seconds (default 4), and the
servers started here are stopped at the end, also on Ctrl-C or an error.

Environment (defaults in brackets): BENCH_DATABASE_URL
[postgres://postgres@127.0.0.1:5432/eduportal_bench], BENCH_REDIS_URL
[redis://127.0.0.1:6379/3], BENCH_PORT [8130] (app; the floor shares it),
BENCH_NGINX_PORT [8132], BENCH_DURATION [4], BENCH_ROUNDS [3], BENCH_CONNECTIONS [32],
BENCH_SCALE [full], PROXY [empty or nginx].
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ENV = os.environ
DATABASE_URL = ENV.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/eduportal_bench")
REDIS_URL = ENV.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
PORT = int(ENV.get("BENCH_PORT", "8130"))
NGINX_PORT = int(ENV.get("BENCH_NGINX_PORT", "8132"))
DURATION = int(ENV.get("BENCH_DURATION", "4"))
ROUNDS = int(ENV.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(ENV.get("BENCH_CONNECTIONS", "32"))
SCALE = ENV.get("BENCH_SCALE", "full")
PROXY = ENV.get("PROXY", "").strip()
KEY_PREFIX = "eduportal-bench"

PAGES = [
    ("home", "/"),
    ("article", None),  # the article with the median number of comments
    ("article list, page 5", "/articles/?page=5"),
    ("tag page", "/tags/load-fatigue/"),
    ("topic page", "/articles/?topic=load-breast-cancer"),
    ("search", "/search/?q=immunotherapy+side+effects"),
    ("story list", "/stories/"),
    ("story", "/stories/load-story-101/"),
    ("specialist", "/specialists/load-specialist-3/"),
]


def site_env(**extra) -> dict:
    env = {
        **ENV,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": KEY_PREFIX,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-signs-nothing-real-6f1d0c9b8a7e6d5c4b3a2f1e",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # wrk speaks plain HTTP on loopback; everything else is production.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        # One JSON line per request would measure the terminal, for pages and floor alike.
        "LOG_LEVEL": "WARNING",
        # Production refuses to start without a mail server; the bench sends no mail.
        "EMAIL_HOST": "smtp.invalid",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "CONN_MAX_AGE": "600",
        "WEB_CONCURRENCY": "2",
    }
    env.pop("PORT", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def manage(*args, **env) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=site_env(**env),
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def prepare() -> None:
    import psycopg2

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = psycopg2.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"Creating database {name} …", flush=True)
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    print("Migrating and collecting static files …", flush=True)
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    try:
        manage("generate_load_data", "--scale", SCALE)
        print(f"Generated load data ({SCALE}).", flush=True)
    except subprocess.CalledProcessError as error:
        if "exist already" not in (error.stderr or ""):
            print(error.stderr, file=sys.stderr)
            raise
        print("Load data already present.", flush=True)
    flush_cache()


def flush_cache() -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{KEY_PREFIX}:*", count=1000):
        client.delete(key)


def in_process(paths: list[str], **env) -> dict:
    out = subprocess.run(
        [PYTHON, "-m", "bench.measure", *paths],
        cwd=ROOT,
        env=site_env(**env),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # The measurement is the last line; log lines (JSON too) may come before it.
    return json.loads(out.strip().splitlines()[-1])


def pick_article() -> str:
    code = (
        "import django; django.setup()\n"
        "from django.db.models import Count\n"
        "from articles.models import Article\n"
        "rows = list(Article.objects.published().filter(slug__startswith='load-')"
        ".annotate(c=Count('comments')).order_by('c', 'pk').values_list('slug', flat=True))\n"
        "print(rows[len(rows) // 2])\n"
    )
    slug = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=site_env(), check=True, capture_output=True, text=True
    ).stdout.strip()
    return f"/articles/{slug}/"


class Server:
    def __init__(self, args: list[str], env: dict, name: str):
        self.name = name
        handle, self.log_name = tempfile.mkstemp(prefix=f"bench-{name}-", suffix=".log")
        self.process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        os.close(handle)

    def wait_for(self, url: str, timeout: float = 30) -> None:
        try:
            self._wait_for(url, timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_for(self, url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped; see {self.log_name}")
            try:
                urllib.request.urlopen(url, timeout=2).read()
                return
            except Exception:
                time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer {url} within {timeout}s")

    def worker_rss_mb(self) -> list[float]:
        children = subprocess.run(
            ["ps", "--ppid", str(self.process.pid), "-o", "rss="],
            capture_output=True,
            text=True,
        ).stdout.split()
        return [int(kb) / 1024 for kb in children]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def gunicorn(*, page_cache: bool, floor_bytes: int, **extra) -> Server:
    env = site_env(
        **extra,
        PAGE_CACHE="1" if page_cache else "0",
        BENCH_FLOOR_BYTES=floor_bytes,
        GUNICORN_BIND=f"127.0.0.1:{PORT}",
    )
    server = Server(
        [str(Path(PYTHON).parent / "gunicorn"), "eduportal.wsgi", "--config", "gunicorn.conf.py"],
        env,
        "gunicorn",
    )
    server.wait_for(f"http://127.0.0.1:{PORT}/bench/floor/")
    return server


def nginx(static_root: Path, article_html: bytes) -> tuple[Server, Path]:
    from bench import nginx as proxy

    work = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    (work / "floor").mkdir()
    (work / "floor" / "article.html").write_bytes(article_html)
    conf = proxy.write_config(
        work,
        listen_port=NGINX_PORT,
        app_port=PORT,
        redis_url=REDIS_URL,
        key_prefix=KEY_PREFIX,
        static_root=static_root,
        extra_locations=(
            "location = /bench/static-floor {"
            f" default_type text/html; alias {work}/floor/article.html; }}"
        ),
    )
    server = Server(proxy.command(conf), ENV, "nginx")
    server.wait_for(f"http://127.0.0.1:{NGINX_PORT}/bench/static-floor")
    return server, work


@dataclass
class Run:
    rps: float
    p50: float
    p99: float
    errors: int


@dataclass
class Row:
    name: str
    path: str
    runs: list[Run] = field(default_factory=list)
    queries: int | None = None
    html_bytes: int | None = None

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(run, attribute) for run in self.runs)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, duration: int = DURATION) -> Run:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "5s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=duration + 30,
    ).stdout

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match[1]) * UNITS[match[2]] if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx[1]) if non_2xx else 0
    return Run(float(rps[1]) if rps else 0.0, latency("50"), latency("99"), errors)


def measure(rows: list[Row], base: str) -> None:
    for row in rows:  # warm every page (fills caches, opens database connections)
        wrk(base + row.path, duration=1)
    for round_number in range(1, ROUNDS + 1):
        for row in rows:
            row.runs.append(wrk(base + row.path))
        print(f"  round {round_number}/{ROUNDS} done", flush=True)


def table(title: str, rows: list[Row], floor: Row, rss: list[float], note: str) -> str:
    floor_rps = floor.median("rps")
    lines = [
        f"### {title}",
        "",
        note,
        "",
        "| page | requests/s | % of floor | p50 ms | p99 ms | errors | SQL queries | HTML KB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in [floor, *rows]:
        rps = row.median("rps")
        share = "100 %" if row is floor else f"{100 * rps / floor_rps:.1f} %"
        queries = "–" if row.queries is None else str(row.queries)
        size = "–" if row.html_bytes is None else f"{row.html_bytes / 1024:.1f}"
        errors = sum(run.errors for run in row.runs)
        lines.append(
            f"| {row.name} | {rps:,.0f} | {share} | {row.median('p50'):.1f} | "
            f"{row.median('p99'):.1f} | {errors} | {queries} | {size} |"
        )
    if rss:
        lines += ["", f"gunicorn worker memory (RSS): {', '.join(f'{mb:.0f} MB' for mb in rss)}."]
    return "\n".join(lines) + "\n"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB memory"
    except (OSError, ValueError, IndexError):
        pass
    python = platform.python_version()
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.platform()}, Python {python}"


def write_docs(marker: str, body: str) -> None:
    path = ROOT / "docs" / "performance.md"
    text = path.read_text() if path.exists() else HEADER
    start, end = f"<!-- bench:{marker} -->", f"<!-- /bench:{marker} -->"
    block = f"{start}\n{body}{end}"
    if start in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


HEADER = """# Performance

Written by `make bench` (bench/run.py): gunicorn with 2 sync workers and the production
settings, PostgreSQL with `generate_load_data --scale full`, Redis as the cache, wrk on
loopback at concurrency 32. Each cell is the median of three interleaved runs. The
floor is a minimal Django view through the same gunicorn settings and middleware,
returning as many bytes as the article page from memory (a page-cache hit is answered
before the session, language, CSRF and auth middleware the floor passes through, so a
cached page can come close to it). SQL queries are counted
in-process on a warm request; with the page cache on, a cached page runs none.
The machine is shared and noisy: compare a page with the floor measured in the same run.
"""


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install -y wrk)", file=sys.stderr)
        return 2
    if PROXY == "nginx":
        from bench import nginx as proxy

        if reason := proxy.missing():
            print(reason, file=sys.stderr)
            return 2
    started = datetime.now(UTC)
    prepare()
    article = pick_article()
    pages = [(name, path or article) for name, path in PAGES]
    servers: list[Server] = []
    try:
        if PROXY == "nginx":
            return bench_nginx(pages, started, servers)
        return bench_app(pages, started, servers)
    finally:
        for server in reversed(servers):
            server.stop()


def bench_app(pages, started, servers) -> int:
    sections = []
    for page_cache in (True, False):
        mode = "on" if page_cache else "off"
        print(f"Full-page cache {mode}: measuring queries and sizes …", flush=True)
        flush_cache()
        facts = in_process([p for _, p in pages], PAGE_CACHE="1" if page_cache else "0")
        floor_bytes = facts[pages[1][1]]["bytes"]
        server = gunicorn(page_cache=page_cache, floor_bytes=floor_bytes)
        servers.append(server)
        rows = [Row(name, path) for name, path in pages]
        for row in rows:
            row.queries, row.html_bytes = facts[row.path]["queries"], facts[row.path]["bytes"]
        floor = Row(f"floor (Django view, {floor_bytes / 1024:.1f} KB)", "/bench/floor/")
        print(f"Full-page cache {mode}: {ROUNDS} rounds of {DURATION}s per page …", flush=True)
        measure([floor, *rows], f"http://127.0.0.1:{PORT}")
        rss = server.worker_rss_mb()
        server.stop()
        servers.remove(server)
        note = (
            "Anonymous visitors, pages served from the full-page cache (Redis)."
            if page_cache
            else "Full-page cache off (PAGE_CACHE=0); fragments and computed lists still cached."
        )
        section = table(f"Full-page cache {mode}", rows, floor, rss, note)
        print("\n" + section, flush=True)
        sections.append(section)
    stamp = f"Measured {started:%Y-%m-%d %H:%M} UTC on {machine()}.\n\n"
    write_docs("app", "## Gunicorn\n\n" + stamp + "\n".join(sections))
    print("Written to docs/performance.md", flush=True)
    return 0


def bench_nginx(pages, started, servers) -> int:
    flush_cache()
    # deploy/nginx's micro-cache follows the content version, as in production.
    follows = {"PAGE_CACHE_PROXY_FOLLOWS_VERSION": "1"}
    facts = in_process([p for _, p in pages], PAGE_CACHE="1", **follows)
    server = gunicorn(page_cache=True, floor_bytes=facts[pages[1][1]]["bytes"], **follows)
    servers.append(server)
    article_html = urllib.request.urlopen(f"http://127.0.0.1:{PORT}{pages[1][1]}").read()
    proxy, work = nginx(ROOT / "staticfiles", article_html)
    servers.append(proxy)
    try:
        return _measure_nginx(pages, started, server, facts, article_html)
    finally:
        proxy.stop()
        shutil.rmtree(work, ignore_errors=True)


def _measure_nginx(pages, started, server, facts, article_html) -> int:
    rows = [Row(name, path) for name, path in pages]
    for row in rows:
        row.queries, row.html_bytes = facts[row.path]["queries"], facts[row.path]["bytes"]
    floor = Row(
        f"floor (nginx static file, {len(article_html) / 1024:.1f} KB)", "/bench/static-floor"
    )
    print(f"Through nginx: {ROUNDS} rounds of {DURATION}s per page …", flush=True)
    measure([floor, *rows], f"http://127.0.0.1:{NGINX_PORT}")
    rss = server.worker_rss_mb()
    note = (
        "nginx (one worker per core) in front of gunicorn, micro-caching anonymous pages "
        "for the 5 seconds the app allows (X-Accel-Expires), keyed by the content version "
        "it reads from Redis before each lookup (deploy/nginx/micro-cache.conf), so its "
        "copies drop at once like the app's; serving static files itself. The floor is "
        "nginx serving the article's bytes as a static file."
    )
    section = table("Through nginx (PROXY=nginx)", rows, floor, rss, note)
    print("\n" + section, flush=True)
    stamp = f"Measured {started:%Y-%m-%d %H:%M} UTC on {machine()}.\n\n"
    write_docs("nginx", "## nginx\n\n" + stamp + section)
    print("Written to docs/performance.md", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
