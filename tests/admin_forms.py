"""Build admin form posts the way a browser would: start from what the page renders."""

import re
from html import unescape

HIDDEN_INPUT = re.compile(r"<input[^>]*type=\"hidden\"[^>]*>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')


def hidden_fields(html: str) -> dict[str, str]:
    """Hidden inputs of the page (formset management forms, inline ids)."""
    fields = {}
    for tag in HIDDEN_INPUT.findall(html):
        attrs = dict(ATTRIBUTE.findall(tag))
        if "name" in attrs and attrs["name"] != "csrfmiddlewaretoken":
            fields[attrs["name"]] = unescape(attrs.get("value", ""))
    return fields


def admin_post_data(client, url: str, **fields) -> dict:
    """What the admin page at `url` would submit, with `fields` filled in."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return {**hidden_fields(response.content.decode()), **fields}
