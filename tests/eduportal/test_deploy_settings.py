"""Production options that are off by default: a read replica and S3-compatible media."""

import json
import subprocess
import sys

from django.db import transaction

from eduportal.dbrouter import ReplicaRouter
from tests.processes import ROOT


def settings_in_a_new_process(**env) -> dict:
    code = (
        "import json, django; from django.conf import settings; "
        "print(json.dumps({'storage': settings.STORAGES['default'], "
        "'routers': settings.DATABASE_ROUTERS, 'databases': sorted(settings.DATABASES)}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "eduportal.settings",
            "DEBUG": "1",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_defaults_keep_media_on_disk_and_one_database():
    found = settings_in_a_new_process()
    assert found["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["databases"] == ["default"] and found["routers"] == []


def test_a_bucket_name_moves_media_to_s3_compatible_storage():
    found = settings_in_a_new_process(
        AWS_STORAGE_BUCKET_NAME="eduportal-media", AWS_S3_ENDPOINT_URL="https://s3.example.net"
    )
    assert found["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert found["storage"]["OPTIONS"]["bucket_name"] == "eduportal-media"
    assert found["storage"]["OPTIONS"]["endpoint_url"] == "https://s3.example.net"


def test_a_replica_url_adds_the_router():
    found = settings_in_a_new_process(DATABASE_REPLICA_URL="postgres://ro@replica:5432/eduportal")
    assert found["databases"] == ["default", "replica"]
    assert found["routers"] == ["eduportal.dbrouter.ReplicaRouter"]


def test_reads_go_to_the_replica_except_inside_a_transaction(db):
    router = ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "articles") is False
    with transaction.atomic():
        assert router.db_for_read(None) == "default"
