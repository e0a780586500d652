"""Render public pages (and fetch media files) from whatever database and media folder
the environment names, and print them as JSON: the restored side of the backup test.

    DATABASE_URL=… MEDIA_ROOT=… python -m tests.eduportal.snapshot_pages /url1 /url2 …
"""

import base64
import json
import os
import sys


def main(urls: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.test import Client

    client = Client()
    pages = {}
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = {"status": response.status_code, "body": base64.b64encode(body).decode()}
    json.dump(pages, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
