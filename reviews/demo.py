"""Demo specialists, credential checks and medical reviews, made through the real
services.

The credentials officer checks Dr Okafor and Dr Lindqvist, and Dr Nowak (a clinician
author without a login) whose registration expires within weeks, so his check lapses
soon. Most demo articles are sent for review by the editor, approved with sign_off and
published; one published article then gets an edit that waits for its re-review.

Dr Tan, Dr Krishnan and Dr Thapa declare the languages they review in (Chinese and
Malay, Tamil, Nepali) before their checks, and sign off the demo translations; one
Malay translation is left out of date by a later English change.

Dr Okafor approves the demo's glossary definitions through approve_glossary_term, so
the article pages, the A–Z page and search explain the demo's words.

Dr Chen's history is older than the demo: her check lapsed months ago, and the two
articles she approved a year ago are overdue or due soon for review. Those records
are written with their past dates directly (no service acts in the past); they obey
every rule the services enforce. Hospitals, councils and registration numbers are
invented. Idempotent: a second run finds everything in place and changes nothing.
"""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from articles import demo as articles_demo
from articles import services as article_services
from articles import translations
from articles.models import Article, ArticleTranslation, Author
from eduportal.images import clean_uploaded_image

from . import identity, services
from .models import (
    CredentialCheck,
    Position,
    Review,
    SignOff,
    Specialist,
    Specialty,
    TranslationSignoff,
)
from .models.credentials import snapshot_of

SPECIALTIES = [
    ("Medical oncology", "medical-oncology"),
    ("Surgical oncology", "surgical-oncology"),
    ("Breast surgery", "breast-surgery"),
]

SPECIALISTS = [
    {
        "username": "dr.okafor",
        "slug": "adaeze-okafor",
        "honorific": "Dr",
        "full_name": "Adaeze Okafor",
        "post_nominals": "MD, PhD",
        "registration_council": "Northland Medical Council",
        "registration_number": "NMC-204581",
        "specialties": ["medical-oncology"],
        "interests": ["immunotherapy", "triple-negative breast cancer", "clinical trials"],
        "positions": [
            (Position.Kind.POSITION, "Consultant Medical Oncologist",
             "Department of Medical Oncology", "St Brigid's Cancer Centre"),
            (Position.Kind.PROGRAMME_ROLE, "Lead for Immunotherapy Side-Effect Care",
             "", "St Brigid's Cancer Centre"),
        ],
        "bio": "Dr Okafor treats people with breast cancer using chemotherapy, targeted "
        "medicines and immunotherapy. She runs a clinic for people who have side effects "
        "from immunotherapy, and she leads clinical trials of new treatments.",
        "conflict": "Dr Okafor has received speaker fees from a medicines company for "
        "teaching other doctors. She holds no shares in medicines companies.",
        "colour": (11, 92, 107),
    },
    {
        "username": "dr.lindqvist",
        "slug": "henrik-lindqvist",
        "honorific": "Dr",
        "full_name": "Henrik Lindqvist",
        "post_nominals": "MD, MS",
        "registration_council": "Northland Medical Council",
        "registration_number": "NMC-118342",
        "specialties": ["surgical-oncology", "breast-surgery"],
        "interests": ["breast surgery", "early breast cancer", "treatment before surgery"],
        "positions": [
            (Position.Kind.POSITION,
             "Head of Department and Senior Consultant Surgical Oncologist",
             "Department of Surgical Oncology", "Northfield University Hospital"),
            (Position.Kind.PROGRAMME_ROLE, "Director, Breast Cancer Program",
             "", "Northfield University Hospital"),
        ],
        "bio": "Dr Lindqvist is a cancer surgeon who operates on people with breast cancer. "
        "He works closely with oncologists when treatment such as immunotherapy is given "
        "before surgery, and he directs his hospital's breast cancer program.",
        "conflict": "None declared.",
        "colour": (90, 60, 120),
    },
    {
        "username": None,  # writes for us; has no admin login, so never signs off
        "slug": "tomasz-nowak",
        "honorific": "Dr",
        "full_name": "Tomasz Nowak",
        "post_nominals": "MD",
        "registration_council": "Northland Medical Council",
        "registration_number": "NMC-307715",
        "specialties": ["medical-oncology"],
        "interests": ["checkpoint inhibitors", "patient information"],
        "positions": [
            (Position.Kind.POSITION, "Consultant Medical Oncologist",
             "Department of Oncology", "Harbourside General Hospital"),
        ],
        "bio": "Dr Nowak treats people with breast and lung cancer. He writes some of our "
        "articles about how immunotherapy medicines work.",
        "conflict": "None declared.",
        "colour": (30, 90, 60),
        # His registration is renewed next month: the check lapses soon.
        "registration_days": 20,
        "author": ("tomasz-nowak", "Tomasz Nowak", Author.Role.MEDICAL_WRITER),
    },
    {
        "username": "dr.chen",
        "slug": "mei-chen",
        "honorific": "Dr",
        "full_name": "Mei Chen",
        "post_nominals": "MBBS, FRCP",
        "registration_council": "Northland Medical Council",
        "registration_number": "NMC-099120",
        "specialties": ["medical-oncology"],
        "interests": ["breast cancer", "side effects"],
        "positions": [
            (Position.Kind.POSITION, "Consultant Medical Oncologist",
             "Breast Unit", "St Brigid's Cancer Centre"),
        ],
        "bio": "Dr Chen treats people with breast cancer.",
        "conflict": "None declared.",
        "colour": (120, 70, 40),
        "lapsed": True,  # checked long ago; the check has lapsed
    },
    # They review the demo's translations, in the languages their checks vouch for.
    {
        "username": "dr.tan",
        "slug": "wei-ling-tan",
        "honorific": "Dr",
        "full_name": "Wei Ling Tan",
        "post_nominals": "MBBS, MMed",
        "registration_council": "Northland Medical Council",
        "registration_number": "NMC-215508",
        "specialties": ["medical-oncology"],
        "interests": ["breast cancer", "patient information in Chinese and Malay"],
        "positions": [
            (Position.Kind.POSITION, "Consultant Medical Oncologist",
             "Department of Medical Oncology", "Harbourside General Hospital"),
        ],
        "bio": "Dr Tan treats people with breast cancer. She grew up speaking Mandarin and "
        "Malay at home, and she checks our Chinese and Malay pages against the English.",
        "conflict": "None declared.",
        "colour": (150, 40, 60),
        "languages": ["zh-hans", "ms"],
    },
    {
        "username": "dr.krishnan",
        "slug": "priya-krishnan",
        "honorific": "Dr",
        "full_name": "Priya Krishnan",
        "post_nominals": "MBBS, MD",
        "registration_council": "Northland Medical Council",
        "registration_number": "NMC-226731",
        "specialties": ["medical-oncology"],
        "interests": ["immunotherapy side effects", "patient information in Tamil"],
        "positions": [
            (Position.Kind.POSITION, "Consultant Medical Oncologist",
             "Breast Unit", "Northfield University Hospital"),
        ],
        "bio": "Dr Krishnan treats people with breast cancer and looks after people with "
        "side effects of immunotherapy. She checks our Tamil pages against the English.",
        "conflict": "None declared.",
        "colour": (40, 110, 80),
        "languages": ["ta"],
    },
    {
        "username": "dr.thapa",
        "slug": "sushila-thapa",
        "honorific": "Dr",
        "full_name": "Sushila Thapa",
        "post_nominals": "MBBS, MD",
        "registration_council": "Northland Medical Council",
        "registration_number": "NMC-231904",
        "specialties": ["medical-oncology"],
        "interests": ["breast cancer", "patient information in Nepali"],
        "positions": [
            (Position.Kind.POSITION, "Consultant Medical Oncologist",
             "Department of Oncology", "St Brigid's Cancer Centre"),
        ],
        "bio": "Dr Thapa treats people with breast cancer. She checks our Nepali pages "
        "against the English.",
        "conflict": "None declared.",
        "colour": (70, 70, 140),
        "languages": ["ne"],
    },
]  # fmt: skip

# Which clinician signs off the demo translations in each language.
TRANSLATION_REVIEWERS = {
    "zh-hans": "wei-ling-tan",
    "ms": "wei-ling-tan",
    "ta": "priya-krishnan",
    "ne": "sushila-thapa",
}
# The translation the demo leaves out of date: signed off, then the English text gets a
# small (not safety-relevant) change, approved, so its page shows the notice.
OUT_OF_DATE = ("what-is-immunotherapy-for-breast-cancer", "ms")
OUT_OF_DATE_SUMMARY = (
    "Immunotherapy helps your own immune system find and attack cancer cells. Here is how "
    "it works, who it may help, and which questions to take to your care team."
)

# Dr Chen's approvals from before the demo began: (slug, days ago). Reviews last a year,
# so the first is overdue and the second is due within 30 days.
LAPSED_HISTORY = [("antibody-drug-conjugates", 400), ("when-immunotherapy-stops-working", 350)]
CLINICIAN_AUTHORED = "checkpoint-inhibitors-explained"
CHECK_EVIDENCE = (
    "Looked up the number on the Northland Medical Council's public register today: "
    "name, title and specialty match, registration current (demo data)."
)

# The article that gets an edit waiting for its re-review.
PENDING_SLUG = "immunotherapy-side-effects-when-to-call"
PENDING_ADDITION = (
    "\n\n## Keep a list of your medicines\n\n"
    "Carry a list of your treatments, or the card your team gave you. Show it to any "
    "doctor or nurse who sees you, so they know you have had immunotherapy.\n"
)
# The same edit changes what search engines show and the hero's alt text, so the
# reviewer sees old and new side by side.
PENDING_SEO_DESCRIPTION = (
    "Signs after immunotherapy that mean you should call your hospital at once, and why "
    "to carry a list of your medicines."
)
PENDING_HERO_ALT = "An abstract illustration of soft circles in warm orange tones."


def portrait(seed: str, initials: str, colour: tuple[int, int, int]) -> ContentFile:
    """A calm placeholder portrait: initials on a soft circle, made with Pillow."""
    size = 800
    image = Image.new("RGB", (size, size), tuple(min(255, c + 160) for c in colour))
    draw = ImageDraw.Draw(image)
    draw.ellipse([80, 80, size - 80, size - 80], fill=colour)
    draw.text((size / 2, size / 2), initials, fill=(255, 255, 255), anchor="mm", font_size=260)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return clean_uploaded_image(ContentFile(buffer.getvalue(), name=f"{seed}.png")).content


def load_specialists(*, users: dict, stdout) -> dict[str, Specialist]:
    specialties = {}
    for position, (name, slug) in enumerate(SPECIALTIES):
        specialties[slug], _ = Specialty.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
    profiles = {}
    for spec in SPECIALISTS:
        specialist = Specialist.objects.filter(slug=spec["slug"]).first()
        if specialist is None:
            initials = "".join(part[0] for part in spec["full_name"].split())
            specialist = Specialist(
                slug=spec["slug"],
                honorific=spec["honorific"],
                full_name=spec["full_name"],
                post_nominals=spec["post_nominals"],
                registration_council=spec["registration_council"],
                registration_number=spec["registration_number"],
                bio=spec["bio"],
                conflict_of_interest=spec["conflict"],
                user=users[spec["username"]] if spec["username"] else None,
                photo=portrait(spec["slug"], initials, spec["colour"]),
                photo_alt=f"Placeholder portrait with the initials {' '.join(initials)}.",
                languages=spec.get("languages", []),
            )
            if "author" in spec:
                slug, name, role = spec["author"]
                specialist.author, _ = Author.objects.get_or_create(
                    slug=slug, defaults={"name": name, "role": role, "bio": spec["bio"]}
                )
            identity.save_specialist(specialist=specialist, by=users["editor"])
            specialist.specialties.set([specialties[slug] for slug in spec["specialties"]])
            specialist.clinical_interests.set(spec["interests"])
            for order, (kind, title, department, institution) in enumerate(spec["positions"]):
                Position.objects.create(
                    specialist=specialist,
                    kind=kind,
                    title=title,
                    department=department,
                    institution=institution,
                    position=order,
                )
            stdout.write(f"  specialist: {specialist.name_with_credentials}")
        if not specialist.credential_checks.exists():
            if spec.get("lapsed"):
                _lapsed_check(specialist, checker=users["credentials"])
            else:
                identity.record_credential_check(
                    specialist=specialist,
                    by=users["credentials"],
                    registration_expires=timezone.localdate()
                    + timedelta(days=spec.get("registration_days", 730)),
                    evidence=CHECK_EVIDENCE,
                )
        profiles[spec["slug"]] = specialist
    return profiles


def _lapsed_check(specialist: Specialist, *, checker) -> CredentialCheck:
    """A check made 16 months ago, which lapsed after a year."""
    checked_at = timezone.now() - timedelta(days=480)
    check = CredentialCheck(
        specialist=specialist,
        user=specialist.user,
        honorific=specialist.honorific,
        full_name=specialist.full_name,
        post_nominals=specialist.post_nominals,
        registration_council=specialist.registration_council,
        registration_number=specialist.registration_number,
        **snapshot_of(specialist),
        registration_expires=timezone.localdate(checked_at) + timedelta(days=730),
        valid_until=timezone.localdate(checked_at) + timedelta(days=365),
        evidence=CHECK_EVIDENCE,
        checked_by=checker,
        checked_at=checked_at,
    )
    check.full_clean()
    check.save()
    return check


def _past_approval(*, article: Article, specialist: Specialist, editor, days_ago: int) -> None:
    """Dr Chen's approval from before the demo: the review and sign-off with their past
    dates, while her check was in force; then the article is made live and published
    as sign_off and publish_article do."""
    check = specialist.credential_checks.get()
    signed_at = timezone.now() - timedelta(days=days_ago)
    revision = article_services.latest_revision(article)
    review = Review.objects.create(
        article=article,
        revision=revision,
        requested_by=editor,
        reviewer=specialist,
        status=Review.Status.CLOSED,
        created_at=signed_at - timedelta(days=3),
        closed_at=signed_at,
    )
    signoff = SignOff(
        review=review,
        article=article,
        revision=revision,
        content_hash=revision.content_hash,
        reviewer=specialist.user,
        specialist=specialist,
        **check.signer_fields(),
        decision=SignOff.Decision.APPROVE,
        comment="First published after medical review.",
        public_note=True,
        signed_at=signed_at,
        next_review_due=services.add_months(
            timezone.localdate(signed_at), article.review_interval_months
        ),
    )
    signoff.full_clean()
    signoff.save()
    article_services.make_revision_live(article=article, revision=revision)
    article.refresh_from_db()
    article_services.publish_article(
        article=article, by=editor, when=signed_at + timedelta(hours=2)
    )


def load(*, users: dict, articles: list, stdout) -> None:
    """Sign off each demo article whose latest revision is the demo's text and is not
    yet approved: new articles, and articles whose demo text changed since an earlier
    run (a new revision and a real sign-off, so an existing database updates too)."""
    profiles = load_specialists(users=users, stdout=stdout)
    approve_glossary(reviewer=profiles["adaeze-okafor"].user, stdout=stdout)
    reviewers = [profiles["adaeze-okafor"], profiles["henrik-lindqvist"]]
    editor = users["editor"]
    by_slug = {article.slug: article for article in articles}
    for slug, days_ago in LAPSED_HISTORY:
        article = by_slug.get(slug)
        if article is not None and article.approved_revision_id is None:
            _past_approval(article=article, specialist=profiles["mei-chen"], editor=editor,
                           days_ago=days_ago)  # fmt: skip
            stdout.write(f"  reviewed a year ago: {article.title} (Dr Mei Chen)")
    authored = by_slug.get(CLINICIAN_AUTHORED)
    nowak = profiles["tomasz-nowak"]
    if authored is not None and authored.approved_revision_id is None:
        authored.author = nowak.author
        authored.save(update_fields=["author", "modified_at"])
    for index, article in enumerate(articles):
        article.refresh_from_db()
        revision = articles_demo.demo_revision(article)
        latest = article_services.latest_revision(article)
        if article.status == Article.Status.ARCHIVED or revision is None or latest != revision:
            continue
        if article.approved_revision_id == revision.pk:
            continue
        first_time = article.approved_revision_id is None
        specialist = reviewers[index % len(reviewers)]
        review_and_approve(
            article=article,
            editor=editor,
            specialist=specialist,
            comment="First published after medical review."
            if first_time
            else "Reviewed the updated text.",
            public=True,
        )
        article.refresh_from_db()
        if article.status == Article.Status.APPROVED:
            # Published when approved: a date before the sign-off would not be true.
            article_services.publish_article(article=article, by=editor)
        stdout.write(f"  reviewed and published: {article.title} ({specialist})")
    load_pending_review(users=users, profiles=profiles, stdout=stdout)
    load_translations(users=users, profiles=profiles, stdout=stdout)


def load_translations(*, users: dict, profiles: dict, stdout) -> None:
    """Every demo translation file (articles/demo_content/translations/<language>/
    <slug>.toml) written by the demo translator and signed off by the clinician with
    that language, through the services. One translation is left out of date on
    purpose (OUT_OF_DATE). A translation already approved is left as it is."""
    files = articles_demo.translation_files()
    slug, language = OUT_OF_DATE

    def load(items):
        for item_slug, item_language, content in items:
            _translate_and_sign_off(
                slug=item_slug,
                language=item_language,
                content=content,
                translator=users["translator"],
                specialist=profiles[TRANSLATION_REVIEWERS[item_language]],
                stdout=stdout,
            )

    # The out-of-date translation's article is translated into its other languages
    # after the English change, so only that one translation follows the older text.
    later = [item for item in files if item[0] == slug and item[1] != language]
    load([item for item in files if item not in later])
    _make_out_of_date(users=users, profiles=profiles, stdout=stdout)
    load(later)


def _translate_and_sign_off(*, slug, language, content, translator, specialist, stdout):
    article = Article.objects.published().filter(slug=slug).first()
    if article is None:
        return
    translation = ArticleTranslation.objects.filter(article=article, language=language).first()
    if translation is not None and translation.approved_revision_id is not None:
        return
    content = {
        **content,
        "body": articles_demo.translated_body_with_figures(article, language, content["body"]),
    }
    if translation is not None:
        revision = translations.save_translation_revision(
            translation=translation, content=content, by=translator
        )
    else:
        revision = translations.save_translation_revision(
            article=article, language=language, content=content, by=translator
        )
    if revision.signoffs.exists() or revision.created_by_id != translator.pk:
        return  # someone trying the demo changed or decided it: leave it to them
    services.sign_off_translation(
        revision=revision,
        reviewer=specialist.user,
        decision=TranslationSignoff.Decision.APPROVE,
        note="Checked against the English text, paragraph by paragraph.",
    )
    stdout.write(f"  translation signed off: {revision.title} ({language}, {specialist})")


def _make_out_of_date(*, users: dict, profiles: dict, stdout) -> None:
    slug, language = OUT_OF_DATE
    translation = (
        ArticleTranslation.objects.filter(article__slug=slug, language=language)
        .select_related("article", "approved_revision")
        .first()
    )
    if translation is None or translation.approved_revision_id is None:
        return
    article = translation.article
    if translation.is_out_of_date or article.summary == OUT_OF_DATE_SUMMARY:
        return
    article.summary = OUT_OF_DATE_SUMMARY
    article.modified_by = users["editor"]
    article.save(update_fields=["summary", "modified_by", "modified_at"])
    review_and_approve(
        article=article,
        editor=users["editor"],
        specialist=profiles["adaeze-okafor"],
        comment="Reviewed a clearer summary.",
    )
    stdout.write(f"  English text changed after its {language} translation: {article.title}")


def approve_glossary(*, reviewer, stdout) -> None:
    """A clinician approves each demo term that still holds the demo's wording and
    waits for approval, through the real service (so a second run changes nothing)."""
    approved = 0
    for term in articles_demo.demo_glossary_terms():
        if term.is_awaiting_approval():
            services.approve_glossary_term(term=term, reviewer=reviewer)
            approved += 1
    if approved:
        stdout.write(f"  glossary: {approved} definitions approved by {reviewer.get_full_name()}")


def load_pending_review(*, users: dict, profiles: dict, stdout) -> None:
    """One published article with an edit that waits for Dr Okafor's re-review."""
    article = Article.objects.filter(slug=PENDING_SLUG).first()
    if article is None or Review.objects.open().filter(article=article).exists():
        return
    decided = SignOff.objects.filter(
        article=article, revision__body__contains=PENDING_ADDITION.strip()
    )
    if decided.exists():
        return  # The demo's re-review was already decided by someone trying the demo.
    if PENDING_ADDITION.strip() not in article.body:
        article.body = article.body.rstrip() + PENDING_ADDITION
        article.seo_description = PENDING_SEO_DESCRIPTION
        article.hero_alt = PENDING_HERO_ALT
        article.modified_by = users["editor"]
        article.save(
            update_fields=["body", "seo_description", "hero_alt", "modified_by", "modified_at"]
        )
    article_services.record_revision(article=article, by=users["editor"])
    services.submit_for_review(
        article=article, by=users["editor"], reviewer=profiles["adaeze-okafor"]
    )
    stdout.write(f"  waiting for re-review: {article.title}")


def review_and_approve(
    *, article: Article, editor, specialist: Specialist, comment: str, public: bool = False
) -> None:
    """Send the article's working copy for review and approve it, through the services."""
    review = services.submit_for_review(article=article, by=editor, reviewer=specialist)
    services.sign_off(
        review=review,
        reviewer=specialist.user,
        decision=SignOff.Decision.APPROVE,
        comment=comment,
        public=public,
    )
