import io

import pytest
from django.core.management import call_command

from articles.models import Article
from reviews.models import Review, SignOff, Specialist

pytestmark = pytest.mark.django_db


def test_demo_has_verified_reviewers_approved_articles_and_one_pending_re_review():
    call_command("load_demo", stdout=io.StringIO())
    okafor = Specialist.objects.get(user__username="dr.okafor")
    lindqvist = Specialist.objects.get(user__username="dr.lindqvist")
    assert okafor.can_sign_off() and lindqvist.can_sign_off()
    assert okafor.verified_by.username == "admin"
    assert "Director, Breast Cancer Program" in [p.title for p in lindqvist.positions.all()]
    assert okafor.photo_renditions and okafor.photo_alt
    for article in Article.objects.published():
        approval = SignOff.objects.approvals().get(revision=article.approved_revision)
        assert approval.content_hash == article.approved_revision.content_hash
    pending = Review.objects.open().get()
    assert pending.article.is_published()
    assert pending.revision != pending.article.approved_revision
    assert pending.reviewer == okafor

    counts = (Specialist.objects.count(), Review.objects.count(), SignOff.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Specialist.objects.count(), Review.objects.count(), SignOff.objects.count()) == counts
