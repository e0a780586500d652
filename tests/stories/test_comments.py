import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from stories import services
from stories.models import Comment, Speaker, SpeakerRole
from tests.factories import ArticleFactory, editor_user, moderator, reviewer
from tests.reviews.factories import verified_specialist

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


def submit(article, **overrides):
    values = {
        "article": article,
        "name": "Priya",
        "email": "priya@example.org",
        "body": "Thank you, this helped my family.",
        "consent_privacy": True,
    }
    values.update(overrides)
    return services.submit_comment(**values)


def test_comment_is_held_for_moderation(article):
    comment, screening = submit(article)
    assert comment.status == Comment.Status.PENDING and not comment.is_public()
    assert not screening.flagged


def test_comment_refused_on_closed_or_unpublished_article(article):
    article.comments_open = False
    article.save(update_fields=["comments_open"])
    with pytest.raises(ValidationError, match="closed"):
        submit(article)
    with pytest.raises(ValidationError, match="published"):
        submit(ArticleFactory())
    assert Comment.objects.count() == 0


def test_comment_needs_privacy_consent(article):
    with pytest.raises(ValidationError):
        submit(article, consent_privacy=False)


def test_one_level_of_replies_only(article):
    parent = CommentFactory(article=article)
    reply, _ = submit(article, parent=parent)
    assert reply.parent == parent
    with pytest.raises(ValidationError, match="not to a reply"):
        submit(article, parent=CommentFactory(article=article, parent=parent))
    # The model refuses it too, whoever saves it.
    nested = Comment(article=article, parent=reply, name="X", body="Y", consent_privacy=True)
    with pytest.raises(ValidationError):
        nested.full_clean()


def test_reply_must_belong_to_the_same_article_and_a_shown_comment(article):
    from tests.factories import published_article

    other = CommentFactory(article=published_article())
    with pytest.raises(ValidationError):
        submit(article, parent=other)
    hidden = CommentFactory(article=article, status=Comment.Status.PENDING)
    with pytest.raises(ValidationError):
        submit(article, parent=hidden)


def test_returning_commenters_auto_approved_only_when_setting_on(article, settings):
    CommentFactory(article=article, email="priya@example.org")
    settings.COMMENTS_AUTO_APPROVE_RETURNING = False
    assert submit(article)[0].status == Comment.Status.PENDING
    settings.COMMENTS_AUTO_APPROVE_RETURNING = True
    assert submit(article, email="PRIYA@example.org")[0].status == Comment.Status.APPROVED
    assert submit(article, email="new@example.org")[0].status == Comment.Status.PENDING
    flagged, _ = submit(article, body="I feel suicidal some nights.")
    assert flagged.status == Comment.Status.PENDING and flagged.flagged_crisis


def test_crisis_comment_emails_moderators(article, mod, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        comment, screening = submit(article, body="Some days I want to die.")
    assert screening.crisis and comment.flagged_crisis
    assert mail.outbox[0].to == ["mod@example.org"]
    assert "Some days" not in mail.outbox[0].body  # a link, not the text


def test_medical_claim_comment_flagged(article):
    comment, screening = submit(article, body="Black salve is a miracle cure!")
    assert comment.flagged_medical and set(screening.medical) == {"black salve", "miracle cure"}


def test_moderator_approves_and_rejects(article, mod):
    comment, _ = submit(article)
    comment = services.approve_comment(comment=comment, moderator=mod)
    assert comment.is_public() and comment.moderated_by == mod and comment.moderated_at
    with pytest.raises(ValidationError):
        services.approve_comment(comment=comment, moderator=mod)
    comment = services.reject_comment(comment=comment, moderator=mod)
    assert comment.status == Comment.Status.REJECTED


@pytest.mark.parametrize("make_user", [lambda: None, editor_user, reviewer])
def test_only_moderators_decide_on_comments(article, make_user):
    comment, _ = submit(article)
    with pytest.raises(PermissionDenied):
        services.approve_comment(comment=comment, moderator=make_user())
    with pytest.raises(PermissionDenied):
        services.reject_comment(comment=comment, moderator=make_user())


def test_reply_cannot_be_approved_before_its_parent(article, mod):
    parent = CommentFactory(article=article, status=Comment.Status.PENDING)
    reply = CommentFactory(article=article, parent=parent, status=Comment.Status.PENDING)
    with pytest.raises(ValidationError):
        services.approve_comment(comment=reply, moderator=mod)


def test_staff_reply_is_public_and_labelled_from_the_account(article):
    parent = CommentFactory(article=article)
    clinician = reviewer(first_name="Adaeze", last_name="Okafor")
    profile = verified_specialist(user=clinician, full_name="Adaeze Okafor")
    reply = services.reply_as_staff(parent=parent, author=clinician, body="Please ask your team.")
    assert reply.is_public() and reply.is_staff_reply
    assert reply.speaker_role == SpeakerRole.CLINICIAN
    assert reply.speaker_check == profile.current_check()
    assert reply.name == "Adaeze Okafor" and reply.email == ""
    speaker = reply.public_speaker()
    assert speaker.label == "Dr Adaeze Okafor, MD, PhD"
    assert speaker.url == profile.get_absolute_url() and speaker.badge == "Specialist"
    with pytest.raises(ValidationError):
        services.reply_as_staff(parent=reply, author=clinician, body="Hi")  # reply to a reply
    with pytest.raises(ValidationError):
        services.reply_as_staff(parent=parent, author=clinician, body="   ")


def test_moderators_and_editors_reply_by_role_never_as_clinicians(article):
    parent = CommentFactory(article=article)
    by_moderator = services.reply_as_staff(parent=parent, author=moderator(), body="Welcome.")
    by_editor = services.reply_as_staff(parent=parent, author=editor_user(), body="Thank you.")
    assert by_moderator.public_speaker() == Speaker(label="Moderator", badge="Staff")
    assert by_editor.public_speaker() == Speaker(label="Editorial team", badge="Staff")


def test_readers_cannot_reply_as_staff(article):
    from tests.factories import UserFactory

    parent = CommentFactory(article=article)
    with pytest.raises(PermissionDenied):
        services.reply_as_staff(parent=parent, author=UserFactory(), body="Hi")


def test_database_requires_a_speaker_on_staff_replies_and_a_check_for_clinicians(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentFactory(article=article, author_user=editor_user(), speaker_role="")
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentFactory(article=article, author_user=reviewer(), speaker_role="clinician")


def test_comment_queryset_and_instance_agree(article):
    comments = [CommentFactory(article=article, status=status) for status in Comment.Status]
    public = set(Comment.objects.approved())
    assert {c for c in comments if c.is_public()} == public
    assert len(public) == 1
