"""In-process measurements for the benchmark (run by bench/run.py with the bench's
environment): SQL queries and HTML bytes of a warm request to each page."""

import json
import sys

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main(paths: list[str]) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    out = {}
    for path in paths:
        first = client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        out[path] = {
            "status": response.status_code,
            "first_status": first.status_code,
            "queries": len(queries),
            "bytes": len(response.content),
        }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
