"""Zero errors from the Nu HTML Checker (vnu) on every public page type.

vnu runs offline from the npm package vnu-jar (`make vnu` installs it into .tools/,
Java runs it). Without it this test is skipped on a developer's machine and fails
under CI=true, where .ci/run installs it first. Cheap checks that need no Java (valid
<time datetime>, heading order) live in test_site_address_and_pages.py.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from articles.models import Article
from tests.eduportal.test_site_address_and_pages import pages  # noqa: F401 - a fixture
from tests.stories.factories import share_post

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"))


def vnu_available() -> bool:
    return VNU_JAR.exists() and shutil.which("java") is not None


@pytest.fixture
def vnu():
    if not vnu_available():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but vnu is missing ({VNU_JAR}); run `make vnu`.", pytrace=False)
        pytest.skip("The Nu HTML Checker is not installed; run `make vnu` (needs Java).")

    def check(files: list[Path]) -> list[dict]:
        result = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only",
             *map(str, files)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        return json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]

    return check


def test_every_page_type_is_valid_html(client, pages, vnu, tmp_path):  # noqa: F811
    responses = {name: client.get(url) for name, url in pages.items()}
    from tests.stories.factories import cancer_type

    responses["share form with errors"] = client.post(
        reverse("stories:share"), share_post(cancer_type(), text="Short", email="x")
    )
    responses["search without results"] = client.get(reverse("articles:search"), {"q": "zzqx"})
    responses["not found"] = client.get("/no-such-page/")
    # The same page types in other languages and scripts: the chooser, hreflang, lang
    # on passages, and a signed-off translation of an article.
    from tests.translation_factories import public_translation

    article = Article.objects.published().first()
    public_translation(article, "ne")
    responses["nepali article"] = client.get(f"/ne/articles/{article.slug}/")
    assert responses["nepali article"].status_code == 200
    responses["english page with untranslated notice"] = client.get(
        article.get_absolute_url(), {"untranslated": "ta"}
    )
    for language in ("zh-hans", "ta"):
        for name in ("home", "story list", "specialist list"):
            if name in pages:
                url = f"/{language}{pages[name]}"
                responses[f"{name} {language}"] = client.get(url)
    responses["search zh-hans"] = client.get("/zh-hans/search/", {"q": "免疫"})
    files = []
    for name, response in responses.items():
        path = tmp_path / f"{name.replace(' ', '-')}.html"
        path.write_bytes(response.content)
        files.append(path)
    errors = vnu(files)
    summary = "\n".join(
        f"{Path(e.get('url', '')).name}:{e.get('lastLine')}: {e['message']}" for e in errors
    )
    assert errors == [], summary
