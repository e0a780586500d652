"""Backup and restore, as docs/operations.md says: dump a database holding the demo
content (with story photos in the media folder), restore both into a fresh database
and a fresh media folder, and check every public page and media file comes back byte
for byte. PostgreSQL with pg_dump/pg_restore; SQLite with its backup API (what
`sqlite3 .backup` does).

Pages carry one per-request value: the CSRF token in forms, masked afresh on every
response (it is random by design). It is replaced by a fixed string on both sides
before comparing; nothing else is changed.
"""

import base64
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from importlib import import_module
from pathlib import Path

import dj_database_url
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client

from articles.models import Article
from reviews.models import Specialist
from stories.models import Story
from tests.e2e.conftest import MIGRATION_DATA

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
pytestmark = pytest.mark.django_db(transaction=True)


def normalise(body: bytes) -> bytes:
    return CSRF.sub(b'name="csrfmiddlewaretoken" value="(per-request token)"', body)


def public_urls() -> list[str]:
    urls = ["/", "/articles/", "/stories/", "/specialists/", "/search/?q=immunotherapy"]
    urls += ["/sitemap.xml", "/robots.txt", "/feeds/articles/", "/feeds/articles/atom/"]
    urls += ["/about/", "/privacy/", "/editorial-policy/", "/medical-disclaimer/"]
    # The share form carries a per-visitor token (pages served from the cache carry none).
    urls += ["/stories/share/", "/glossary/", "/support/"]
    for article in Article.objects.published():
        urls += [article.get_absolute_url(), f"/articles/{article.slug}/history/"]
    urls += [story.get_absolute_url() for story in Story.objects.approved()]
    urls += [specialist.get_absolute_url() for specialist in Specialist.objects.public()]
    return urls


def media_urls(pages: dict[str, bytes]) -> list[str]:
    found = set()
    for body in pages.values():
        found.update(
            m.decode() for m in re.findall(rb"/media/[\w./-]+\.(?:jpg|jpeg|png|webp)", body)
        )
    return sorted(found)


def fingerprints(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def render_restored(urls: list[str], database_url: str, media: Path) -> dict[str, tuple]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=database_url, MEDIA_ROOT=str(media))
    result = subprocess.run(
        [sys.executable, "-m", "tests.eduportal.snapshot_pages", *urls],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    pages = json.loads(result.stdout)
    return {url: (page["status"], base64.b64decode(page["body"])) for url, page in pages.items()}


def render_here(urls: list[str]) -> dict[str, tuple]:
    client = Client()
    out = {}
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        out[url] = (response.status_code, body)
    return out


@pytest.fixture
def demo_site(media_root, django_capture_on_commit_callbacks):
    for module, function in MIGRATION_DATA:
        getattr(import_module(module), function)(apps, None)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())
    assert Story.objects.approved().exclude(photo="").exists()
    return media_root


def dump_and_restore_postgresql(tmp_path) -> str:
    db = connection.settings_dict
    base = dj_database_url.parse(os.environ.get("DATABASE_URL", ""))["NAME"] or "eduportal"
    restored = f"{base}_restore_{uuid.uuid4().hex[:8]}"
    options = ["--host", db["HOST"] or "127.0.0.1", "--port", str(db["PORT"] or 5432)]
    options += ["--username", db["USER"] or "postgres"]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    dump = tmp_path / "eduportal.dump"

    def run(*command):
        subprocess.run(command, check=True, env=env, capture_output=True, timeout=300)

    run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", *options, db["NAME"])
    run("createdb", *options, restored)
    try:
        run("pg_restore", "--no-owner", f"--dbname={restored}", *options, str(dump))
    except subprocess.CalledProcessError:
        run("dropdb", "--force", *options, restored)
        raise
    user, host, port = db["USER"] or "postgres", db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{restored}"


def drop_postgresql(database_url: str) -> None:
    parsed = dj_database_url.parse(database_url)
    subprocess.run(
        [
            "dropdb",
            "--force",
            *("--host", parsed["HOST"], "--port", str(parsed["PORT"])),
            *("--username", parsed["USER"], parsed["NAME"]),
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "PGPASSWORD": parsed.get("PASSWORD") or ""},
    )


def dump_and_restore_sqlite(tmp_path) -> str:
    connection.ensure_connection()
    backup = tmp_path / "eduportal-backup.sqlite3"
    with sqlite3.connect(backup) as target:
        connection.connection.backup(target)
    restored = tmp_path / "restored" / "db.sqlite3"
    restored.parent.mkdir()
    with sqlite3.connect(backup) as source, sqlite3.connect(restored) as target:
        source.backup(target)
    return f"sqlite:///{restored}"


def test_backup_restores_every_public_page_and_media_file_byte_for_byte(demo_site, tmp_path):
    media = Path(demo_site)
    urls = public_urls()
    assert len(urls) > 20
    originals = render_here(urls)
    assert all(status == 200 for status, _body in originals.values()), {
        url: status for url, (status, _b) in originals.items() if status != 200
    }
    files = media_urls({url: body for url, (_s, body) in originals.items()})
    assert len(files) > 5  # story photos and their renditions
    # The originals straight from the media folder (the in-process URL conf may hold
    # an earlier test's MEDIA_ROOT); the restored copy serves them over its own URLs.
    for url in files:
        path = media / url.removeprefix("/media/")
        originals[url] = (200, path.read_bytes()) if path.is_file() else (404, b"")

    # Back up: database and media folder (the recipe in docs/operations.md).
    archive = tmp_path / "media.tar.gz"
    subprocess.run(
        ["tar", "--create", "--gzip", f"--file={archive}", f"--directory={media}", "."],
        check=True,
    )
    postgres = connection.vendor == "postgresql"
    database_url = (
        dump_and_restore_postgresql(tmp_path) if postgres else dump_and_restore_sqlite(tmp_path)
    )
    try:
        # Restore the media into a fresh folder.
        fresh_media = tmp_path / "media-restored"
        fresh_media.mkdir()
        subprocess.run(
            ["tar", "--extract", "--gzip", f"--file={archive}", f"--directory={fresh_media}"],
            check=True,
        )
        assert fingerprints(fresh_media) == fingerprints(media)
        restored = render_restored(urls + files, database_url, fresh_media)
    finally:
        if postgres:
            drop_postgresql(database_url)

    differing = [
        url
        for url in urls + files
        if restored[url][0] != originals[url][0]
        or normalise(restored[url][1]) != normalise(originals[url][1])
    ]
    if differing and os.environ.get("BACKUP_TEST_DIFF"):
        import difflib

        for url in differing:
            a = normalise(originals[url][1]).decode(errors="replace").splitlines()
            b = normalise(restored[url][1]).decode(errors="replace").splitlines()
            print("\n".join(difflib.unified_diff(a, b, lineterm="", n=1)))
    assert differing == [], differing
    # The comparison is real: pages do hold per-request tokens that were normalised.
    assert any(CSRF.search(body) for _s, body in originals.values())
