"""Demo specialists and medical reviews, made through the real services.

Every demo article is sent for review by the editor, approved by a verified clinician
with sign_off, and published; one published article then gets an edit that waits
for its re-review. Hospitals, councils and registration numbers are invented.
Idempotent: a second run finds everything in place and changes nothing.
"""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from articles import demo as articles_demo
from articles import services as article_services
from articles.models import Article
from eduportal.images import clean_uploaded_image

from . import services
from .models import Position, Review, SignOff, Specialist, Specialty

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
]  # fmt: skip

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
                user=users[spec["username"]],
                photo=portrait(spec["slug"], initials, spec["colour"]),
                photo_alt=f"Placeholder portrait with the initials {' '.join(initials)}.",
            )
            specialist.full_clean()
            specialist.save()
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
        if specialist.verified_at is None:
            services.verify_specialist(
                specialist=specialist,
                by=users["admin"],
                valid_until=timezone.localdate() + timedelta(days=730),
            )
        profiles[spec["username"]] = specialist
    return profiles


def load(*, users: dict, articles: list, stdout) -> None:
    """Sign off each demo article whose latest revision is the demo's text and is not
    yet approved: new articles, and articles whose demo text changed since an earlier
    run (a new revision and a real sign-off, so an existing database updates too)."""
    profiles = load_specialists(users=users, stdout=stdout)
    reviewers = [profiles["dr.okafor"], profiles["dr.lindqvist"]]
    editor = users["editor"]
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
    services.submit_for_review(article=article, by=users["editor"], reviewer=profiles["dr.okafor"])
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
