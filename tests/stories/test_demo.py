import io

import pytest
from django.core.management import call_command

from stories.models import Comment, Story

pytestmark = pytest.mark.django_db


def test_demo_stories_and_comments_are_idempotent(media_root):
    call_command("load_demo", stdout=io.StringIO())

    def counts():
        return (
            Story.objects.count(),
            Story.objects.approved().count(),
            Story.objects.quotable().count(),
            Story.objects.pending().filter(flagged_medical=True).count(),
            Comment.objects.count(),
            Comment.objects.pending().count(),
            Comment.objects.exclude(author_user=None).count(),
            sum(1 for p in media_root.rglob("*") if p.is_file()),
        )

    first = counts()
    approved = Story.objects.approved()
    assert first[1] >= 4 and first[2] >= 1 and first[3] == 1
    assert approved.exclude(photo="").exists() and approved.filter(photo="").exists()
    assert first[5] == 1 and first[6] == 1
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
