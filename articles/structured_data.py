"""JSON-LD for article pages (schema.org MedicalWebPage)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext

from eduportal.i18n import html_lang
from eduportal.site import absolute_url

from .models import Article, ArticleRevision


def _review_json_ld(article: Article, revision: ArticleRevision, request: HttpRequest) -> dict:
    # The reviews app owns sign-offs and clinicians' identities (a clinician author's
    # entry replaces the plain one); imported here to keep the app import order free.
    from reviews.structured_data import review_json_ld

    return review_json_ld(article, revision, request)


def picture_url(renditions: dict, request: HttpRequest) -> str | None:
    if not renditions or not renditions.get("jpeg"):
        return None
    return absolute_url(renditions["jpeg"][-1][1])


def article_json_ld(
    article: Article, revision: ArticleRevision, request: HttpRequest, *, translation=None
) -> dict:
    """The page's MedicalWebPage. On a translated page (`translation`, with `revision`
    its TranslatedText), the language is the translation's, and reviewedBy and
    lastReviewed are the translation's own sign-off: the clinician who checked this text."""
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "headline": revision.title,
        "name": revision.seo_title or revision.title,
        "description": revision.seo_description or revision.summary,
        "url": absolute_url(article.get_absolute_url()),
        "inLanguage": "en-GB",
        # A plain writer: a non-clinical role. A clinician author's checked entry
        # replaces this one (reviews.structured_data.review_json_ld).
        "author": {
            "@type": "Person",
            "name": article.author.name,
            "jobTitle": article.author.get_role_display(),
        },
        "about": [{"@type": "MedicalEntity", "name": topic.name} for topic in article.topics.all()],
        "keywords": ", ".join(tag.name for tag in article.tags.all()),
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "publisher": {"@type": "Organization", "name": "eduportal"},
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
        data["dateModified"] = (article.updated_at or article.published_at).isoformat()
    image = picture_url(revision.hero_renditions, request)
    if image:
        data["image"] = image
    data["breadcrumb"] = breadcrumb_json_ld(article, revision)
    if translation is None:
        data.update(_review_json_ld(article, revision, request))
        return data
    data.update(_review_json_ld(article, revision.source, request))
    data["inLanguage"] = html_lang(translation.language)
    data["translationOfWork"] = {
        "@type": "MedicalWebPage",
        "url": absolute_url(english_url(article)),
        "inLanguage": "en-GB",
    }
    data.pop("reviewedBy", None)
    data.pop("lastReviewed", None)
    approval = translation.approval
    if approval is not None:
        reviewer = {"@type": "Person", "name": approval.reviewer_name_snapshot}
        if approval.signer_is_public:
            reviewer["url"] = absolute_url(approval.specialist.get_absolute_url())
        if approval.credentials_snapshot:
            reviewer["honorificSuffix"] = approval.credentials_snapshot
        data["reviewedBy"] = reviewer
        data["lastReviewed"] = approval.decided_at.date().isoformat()
    return data


def english_url(article: Article) -> str:
    from .translated import english_url

    return english_url(article)


def breadcrumb_json_ld(article: Article, revision: ArticleRevision) -> dict:
    """The same trail as the page's breadcrumb: Home › Articles › first topic › title."""
    trail = [
        (gettext("Home"), reverse("articles:home")),
        (gettext("Articles"), reverse("articles:list")),
    ]
    topic = next(iter(article.topics.all()), None)
    if topic is not None:
        trail.append((topic.name, topic.get_absolute_url()))
    trail.append((revision.title, article.get_absolute_url()))
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": absolute_url(path)}
            for index, (name, path) in enumerate(trail, start=1)
        ],
    }
