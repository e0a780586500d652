"""Load data for benchmarks and the query-plan test: many articles, specialists, stories
and comments, made fast (bulk_create) but through the real rules where they matter.

- Every article's public text is an `ArticleRevision.build()` of its working copy, so
  its content hash is the one a real sign-off would bind to; each is approved by a
  verified clinician who did not write it (a closed Review and an approving SignOff
  carrying that hash), and the search vector is the one `articles.services` stores.
- Topics, tags and comments follow a long-tail spread: a few popular, many rare.

Every generated row is recognisable (slugs and user names start with `load-`, emails
end with `@load.invalid`, which can never receive mail), so `--reset` removes exactly
those and nothing an editor wrote.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, ArticleRevision, Author, Reference, Topic
from articles.services import rebuild_vocabulary, search_vector_for
from eduportal import pagecache
from reviews.models import (
    ClinicalInterest,
    CredentialCheck,
    CredentialReminder,
    Position,
    Review,
    SignOff,
    Specialist,
    Specialty,
)
from reviews.models.specialists import TaggedClinicalInterest
from stories.models import Comment, Story
from stories.models.stories import CONSENT_VERSION

PREFIX = "load-"
EMAIL_DOMAIN = "@load.invalid"


@dataclass(frozen=True)
class Scale:
    articles: int
    drafts: int
    specialists: int
    authors: int
    stories: int
    comments: int


SCALES = {
    "small": Scale(articles=60, drafts=5, specialists=20, authors=8, stories=300, comments=1500),
    "full": Scale(
        articles=1000, drafts=40, specialists=200, authors=40, stories=10_000, comments=50_000
    ),
}

CANCER_TYPES = [
    "Breast cancer", "Lung cancer", "Bowel cancer", "Prostate cancer", "Melanoma",
    "Ovarian cancer", "Lymphoma", "Leukaemia", "Pancreatic cancer", "Kidney cancer",
    "Bladder cancer", "Head and neck cancer",
]  # fmt: skip
TREATMENTS = [
    "Immunotherapy", "Chemotherapy", "Radiotherapy", "Surgery", "Hormone therapy",
    "Targeted therapy", "Stem cell transplant", "Palliative care", "Clinical trials",
    "Supportive care",
]  # fmt: skip
ASPECTS = [
    "what to expect", "side effects and how to manage them", "questions to ask your team",
    "eating well during treatment", "tiredness and sleep", "work, money and rights",
    "talking to children", "after treatment ends", "your first appointment",
    "scans and tests explained", "fertility and pregnancy", "feelings and worries",
    "exercise and staying active", "skin and hair changes", "travel and holidays",
]  # fmt: skip
TAGS = [
    "fatigue", "nausea", "pain", "rash", "appetite", "sleep", "anxiety", "hair loss",
    "fertility", "diet", "exercise", "work", "family", "caregivers", "infection",
    "blood tests", "scans", "clinical trials", "survivorship", "neuropathy", "mouth care",
    "menopause", "sex and intimacy", "money", "travel", "vaccines", "steroids",
    "diarrhoea", "breathlessness", "memory", "mood", "body image", "lymphoedema",
    "heart health", "bone health", "second opinion", "genetics", "palliative care",
    "hospice", "end of life", "support groups", "nurse specialist", "dental care",
    "skin care", "swallowing", "voice", "stoma", "driving", "school", "sport",
]  # fmt: skip
SENTENCES = [
    "Your care team will explain each step before it starts, and you can ask them to go slowly.",
    "Many people find it helps to write their questions down before an appointment.",
    "Side effects differ from person to person, and most can be treated or eased.",
    "Tell your team at once if you have a high temperature or feel suddenly unwell.",
    "Treatment is planned around your type of cancer, its stage and your general health.",
    "Some people carry on working during treatment; others need time off, and both are normal.",
    "Eating small meals often can be easier than three large meals a day.",
    "A short walk most days can ease tiredness and lift your mood.",
    "Your nurse specialist is there to answer questions between appointments.",
    "Blood tests before each cycle check that your body is ready for the next dose.",
    "It is common to feel anxious while waiting for scan results.",
    "Bring someone with you to appointments if you can; two people remember more than one.",
    "Clinical trials test new treatments and are one of the ways care improves.",
    "Keep a simple diary of symptoms so you can describe them clearly to your team.",
    "Support groups, in person or online, connect you with people who understand.",
]  # fmt: skip
FIRST_NAMES = [
    "Amara", "Ben", "Chloe", "Dev", "Elena", "Farah", "Gareth", "Hana", "Ivan", "Jia",
    "Kofi", "Lena", "Mateo", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Sami", "Tess",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Brennan", "Costa", "Dimitrov", "Evans", "Fischer", "Garcia", "Hughes",
    "Iqbal", "Jensen", "Kowalski", "Larsen", "Mensah", "Novak", "Okoro", "Patel",
]  # fmt: skip
COUNTRIES = ["GB", "IE", "US", "CA", "AU", "NZ", "DE", "NL", "FR", "ES", "IN", "ZA", "NG"]


def long_tail(rng: random.Random, items: list, k: int = 1) -> list:
    """k distinct items, the first ones far more often (weights 1, 1/2, 1/3 …)."""
    weights = [1 / (rank + 1) for rank in range(len(items))]
    chosen: list = []
    while len(chosen) < min(k, len(items)):
        item = rng.choices(items, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def paragraphs(rng: random.Random, count: int, per: int = 4) -> list[str]:
    return [" ".join(rng.sample(SENTENCES, per)) for _ in range(count)]


def article_body(rng: random.Random, references: int) -> str:
    sections = []
    for heading in rng.sample(
        ["What it is", "How it works", "What happens on the day", "Side effects",
         "Looking after yourself", "When to call your team", "After treatment"],
        rng.randint(4, 6),
    ):  # fmt: skip
        text = "\n\n".join(paragraphs(rng, rng.randint(2, 3)))
        cite = f"[^{rng.randint(1, references)}]" if references else ""
        sections.append(f"## {heading}\n\n{text}{cite}")
    return "\n\n".join(sections)


class Generator:
    def __init__(self, scale: Scale, *, seed: int = 9, progress=None):
        self.scale = scale
        self.rng = random.Random(seed)
        self.progress = progress or (lambda step, total=None: None)
        self.now = timezone.now()

    # --- people and taxonomy ------------------------------------------------------------

    def users(self):
        User = get_user_model()
        self.editor = User.objects.create_user(
            f"{PREFIX}editor", f"{PREFIX}editor{EMAIL_DOMAIN}", None, is_staff=True
        )
        self.verifier = User.objects.create_user(
            f"{PREFIX}verifier", f"{PREFIX}verifier{EMAIL_DOMAIN}", None, is_staff=True
        )
        self.doctors = User.objects.bulk_create(
            [
                User(
                    username=f"{PREFIX}dr-{n}",
                    email=f"{PREFIX}dr-{n}{EMAIL_DOMAIN}",
                    is_staff=True,
                    password="!",  # no usable password
                )
                for n in range(self.scale.specialists)
            ]
        )

    def taxonomy(self):
        def topic(name, kind, position):
            return Topic(
                name=f"{name} ({PREFIX.rstrip('-')})",
                slug=f"{PREFIX}{name.lower().replace(' ', '-')}",
                kind=kind,
                position=position,
                description=f"Articles and stories about {name.lower()}.",
            )

        self.cancer_types = Topic.objects.bulk_create(
            [topic(n, Topic.Kind.CANCER_TYPE, i) for i, n in enumerate(CANCER_TYPES)]
        )
        self.treatments = Topic.objects.bulk_create(
            [topic(n, Topic.Kind.TREATMENT, i) for i, n in enumerate(TREATMENTS)]
        )
        self.tags = Tag.objects.bulk_create(
            [
                Tag(name=f"{name} {PREFIX.rstrip('-')}", slug=f"{PREFIX}{name.replace(' ', '-')}")
                for name in TAGS
            ]
        )
        self.specialties = Specialty.objects.bulk_create(
            [
                Specialty(
                    name=f"{n} ({PREFIX.rstrip('-')})",
                    slug=f"{PREFIX}{n.lower().replace(' ', '-')}",
                    position=i,
                )
                for i, n in enumerate(
                    [
                        "Medical oncology",
                        "Clinical oncology",
                        "Surgical oncology",
                        "Haematology",
                        "Palliative medicine",
                        "Radiology",
                    ]
                )
            ]
        )
        self.interests = ClinicalInterest.objects.bulk_create(
            [
                ClinicalInterest(
                    name=f"{t} {PREFIX.rstrip('-')}", slug=f"{PREFIX}ci-{t.replace(' ', '-')}"
                )
                for t in TAGS[:30]
            ]
        )

    def person_name(self, n: int) -> str:
        first = FIRST_NAMES[n % len(FIRST_NAMES)]
        return f"{first} {LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)]}"

    def specialists(self):
        rng = self.rng
        self.authors = Author.objects.bulk_create(
            [
                Author(
                    name=f"{self.person_name(n + 7)} {n}",
                    slug=f"{PREFIX}author-{n}",
                    role=rng.choice(Author.Role.values),
                )
                for n in range(self.scale.authors)
            ]
        )
        today = timezone.localdate()
        self.specialist_rows = Specialist.objects.bulk_create(
            [
                Specialist(
                    honorific="Dr",
                    full_name=f"{self.person_name(n)} {n}",
                    slug=f"{PREFIX}specialist-{n}",
                    post_nominals=rng.choice(["MD", "MD, PhD", "MBBS, FRCP", "MB BCh"]),
                    registration_council="Northland Medical Council",
                    registration_number=f"LOAD-{100000 + n}",
                    bio=" ".join(rng.sample(SENTENCES, 3)),
                    user=self.doctors[n],
                    # A quarter of the writers are clinicians with a profile.
                    author=self.authors[n] if n < self.scale.authors // 4 else None,
                    is_active=True,
                )
                for n in range(self.scale.specialists)
            ]
        )
        positions = Position.objects.bulk_create(
            [
                Position(
                    specialist=s,
                    title=rng.choice(
                        [
                            "Consultant Medical Oncologist",
                            "Consultant Surgeon",
                            "Consultant Haematologist",
                            "Specialty Doctor",
                        ]
                    ),
                    institution=rng.choice(
                        [
                            "St Brigid's Cancer Centre",
                            "Riverside Hospital",
                            "Northland University Hospital",
                        ]
                    ),
                    position=0,
                )
                for s in self.specialist_rows
            ]
        )
        through = Specialist.specialties.through
        through.objects.bulk_create(
            [
                through(specialist_id=s.pk, specialty_id=sp.pk)
                for s in self.specialist_rows
                for sp in long_tail(rng, self.specialties, rng.randint(1, 2))
            ]
        )
        tagged = TaggedClinicalInterest.objects.bulk_create(
            [
                TaggedClinicalInterest(content_object=s, tag=interest)
                for s in self.specialist_rows
                for interest in long_tail(rng, self.interests, rng.randint(2, 4))
            ]
        )
        seen: dict[int, dict] = {
            s.pk: {"positions": [], "clinical_interests": []} for s in self.specialist_rows
        }
        for p in positions:
            seen[p.specialist_id]["positions"].append(
                {
                    "kind": p.kind,
                    "title": p.title,
                    "department": p.department,
                    "institution": p.institution,
                }
            )
        for row in sorted(tagged, key=lambda row: row.tag.name):
            seen[row.content_object_id]["clinical_interests"].append(
                {"name": row.tag.name, "slug": row.tag.slug}
            )
        # Each profile checked by a credentials officer, recording exactly what the check
        # vouches for (reviews.identity.record_credential_check does the same one by one).
        self.checks = CredentialCheck.objects.bulk_create(
            [
                CredentialCheck(
                    specialist=s,
                    user=s.user,
                    honorific=s.honorific,
                    full_name=s.full_name,
                    post_nominals=s.post_nominals,
                    registration_council=s.registration_council,
                    registration_number=s.registration_number,
                    **seen[s.pk],
                    registration_expires=today + timedelta(days=365 * 2),
                    valid_until=today + timedelta(days=365),
                    evidence="Generated load data: the register was not consulted.",
                    checked_by=self.verifier,
                    checked_at=self.now,
                )
                for s in self.specialist_rows
            ]
        )
        self.check_of = {check.specialist_id: check for check in self.checks}

    # --- articles, revisions and sign-offs ------------------------------------------

    def articles(self):
        rng, scale = self.rng, self.scale
        total = scale.articles + scale.drafts
        rows = []
        self.references: dict[int, list[dict]] = {}
        for n in range(total):
            cancer = long_tail(rng, self.cancer_types)[0]
            treatment = long_tail(rng, self.treatments)[0]
            aspect = ASPECTS[n % len(ASPECTS)]
            treatment_name = treatment.name.split(" (")[0]
            cancer_name = cancer.name.split(" (")[0].lower()
            title = f"{treatment_name} for {cancer_name}: {aspect} ({n})"
            published = n < scale.articles
            refs = rng.randint(2, 5)
            article = Article(
                title=title,
                slug=f"{PREFIX}article-{n}",
                summary=" ".join(rng.sample(SENTENCES, 2)),
                body=article_body(rng, refs),
                author=rng.choice(self.authors),
                status=Article.Status.DRAFT,
                featured=published and n % 97 == 0,
                created_by=self.editor,
                modified_by=self.editor,
            )
            article._load_topics = [cancer, treatment]
            article._load_tags = long_tail(rng, self.tags, rng.randint(2, 6))
            article._load_published = (
                self.now - timedelta(days=rng.uniform(1, 3 * 365)) if published else None
            )
            article._load_refs = refs
            rows.append(article)
        self.article_rows = Article.objects.bulk_create(rows, batch_size=500)
        self.progress("articles")

        references = []
        for article in self.article_rows:
            for position in range(1, article._load_refs + 1):
                references.append(
                    Reference(
                        article=article,
                        position=position,
                        citation=f"Clinical guideline group. Guidance on care, part {position}. "
                        f"Northland Press; {2018 + position}.",
                        url=f"https://example.org/guidance/{article.pk}/{position}",
                    )
                )
        Reference.objects.bulk_create(references, batch_size=2000)
        by_article: dict[int, list[Reference]] = {}
        for ref in references:
            by_article.setdefault(ref.article_id, []).append(ref)

        topic_through = Article.topics.through
        topic_through.objects.bulk_create(
            [
                topic_through(article_id=a.pk, topic_id=t.pk)
                for a in self.article_rows
                for t in a._load_topics
            ],
            batch_size=2000,
        )
        article_type = ContentType.objects.get_for_model(Article)
        TaggedItem.objects.bulk_create(
            [
                TaggedItem(content_type=article_type, object_id=a.pk, tag=tag)
                for a in self.article_rows
                for tag in a._load_tags
            ],
            batch_size=2000,
        )

        # The working copy's content, exactly as Article.content() gives it, hashed by
        # ArticleRevision.build(): the hash a sign-off binds to.
        revisions = []
        for article in self.article_rows:
            content = {
                "title": article.title,
                "summary": article.summary,
                "body": article.body,
                "references": [ref.as_dict() for ref in by_article.get(article.pk, [])],
                "seo_title": "",
                "seo_description": "",
                "hero": {"image": "", "alt": "", "credit": ""},
                "questions": [],
            }
            revisions.append(
                ArticleRevision.build(article=article, content=content, number=1, by=self.editor)
            )
        self.revisions = ArticleRevision.objects.bulk_create(revisions, batch_size=500)
        self.progress("revisions")
        self.sign_offs()
        self.progress("sign-offs")

    def sign_offs(self):
        rng = self.rng
        reviewers_for_author: dict[int, list[Specialist]] = {}
        reviews, published = [], []
        for article, revision in zip(self.article_rows, self.revisions, strict=True):
            if article._load_published is None:
                continue
            candidates = reviewers_for_author.setdefault(
                article.author_id,
                [s for s in self.specialist_rows if s.author_id != article.author_id],
            )
            specialist = rng.choice(candidates)
            # Approved (or re-approved) within the last year, as a kept-up site would be.
            signed = self.now - timedelta(days=rng.uniform(5, 330))
            review = Review(
                article=article,
                revision=revision,
                requested_by=self.editor,
                reviewer=specialist,
                status=Review.Status.CLOSED,
                created_at=signed - timedelta(days=3),
                closed_at=signed,
            )
            review._load = (article, revision, specialist, signed)
            reviews.append(review)
        reviews = Review.objects.bulk_create(reviews, batch_size=1000)
        signoffs = []
        for review in reviews:
            article, revision, specialist, signed = review._load
            due = (signed + timedelta(days=365)).date()
            signoffs.append(
                SignOff(
                    review=review,
                    article=article,
                    revision=revision,
                    content_hash=revision.content_hash,
                    reviewer=specialist.user,
                    specialist=specialist,
                    credential_check=self.check_of[specialist.pk],
                    reviewer_name_snapshot=specialist.display_name,
                    credentials_snapshot=specialist.post_nominals,
                    decision=SignOff.Decision.APPROVE,
                    signed_at=signed,
                    next_review_due=due,
                )
            )
            article.status = Article.Status.PUBLISHED
            article.published_at = article._load_published
            article.approved_revision = revision
            article.reading_minutes = revision.reading_minutes
            published.append(article)
        SignOff.objects.bulk_create(signoffs, batch_size=1000)
        Article.objects.bulk_update(
            published,
            ["status", "published_at", "approved_revision", "reading_minutes"],
            batch_size=500,
        )
        if connection.vendor == "postgresql":
            for article, revision in zip(self.article_rows, self.revisions, strict=True):
                if article.approved_revision_id:
                    Article.objects.filter(pk=article.pk).update(
                        search_vector=search_vector_for(revision)
                    )

    # --- stories and comments -------------------------------------------------------

    def stories(self):
        rng, scale = self.rng, self.scale
        rows = []
        # Two in a hundred more wait for moderation, beside the approved ones.
        for n in range(scale.stories + scale.stories // 50):
            approved = n < scale.stories
            text = "\n\n".join(paragraphs(rng, rng.randint(2, 6)))
            rows.append(
                Story(
                    display_name=self.person_name(n + 3).split()[0],
                    age=rng.randint(24, 82),
                    country=rng.choice(COUNTRIES),
                    status=rng.choice(Story.Status.values),
                    status_year=rng.randint(2010, 2025),
                    cancer_type=long_tail(rng, self.cancer_types)[0],
                    short_line=rng.choice(
                        [
                            "I feel hopeful today.",
                            "One day at a time.",
                            "Stronger than I knew.",
                            "Grateful for my nurses.",
                            "Still here, still laughing.",
                        ]
                    ),
                    text=text,
                    email=f"{PREFIX}story-{n}{EMAIL_DOMAIN}",
                    consent_publish=True,
                    consent_privacy=True,
                    consent_quote=n % 7 == 0,
                    consented_at=self.now,
                    consent_version=CONSENT_VERSION,
                    moderation_status=(
                        Story.Moderation.APPROVED if approved else Story.Moderation.PENDING
                    ),
                    moderated_at=self.now if approved else None,
                    featured=approved and n % 7 == 0 and n % 400 < 7,
                    slug=f"{PREFIX}story-{n}",
                    created_at=self.now - timedelta(days=rng.uniform(0, 3 * 365)),
                )
            )
        Story.objects.bulk_create(rows, batch_size=1000)
        self.progress("stories")

    def comments(self):
        rng, scale = self.rng, self.scale
        published = [a for a in self.article_rows if a._load_published is not None]
        # Popular articles draw more discussion, but no page gets an unreadable thread.
        weights = [1 / (rank + 10) for rank in range(len(published))]
        per_article = [0] * len(published)
        for index in rng.choices(range(len(published)), weights, k=scale.comments):
            per_article[index] += 1
        rows, n = [], 0
        for article, count in zip(published, per_article, strict=True):
            for i in range(count):
                rows.append(
                    Comment(
                        article=article,
                        name=self.person_name(n).split()[0],
                        email=f"{PREFIX}reader-{n}{EMAIL_DOMAIN}",
                        body=" ".join(rng.sample(SENTENCES, rng.randint(1, 3))),
                        consent_privacy=True,
                        status=Comment.Status.APPROVED,
                        moderated_at=self.now,
                    )
                )
                rows[-1]._reply = i % 5 == 4
                n += 1
        Comment.objects.bulk_create(rows, batch_size=2000)
        # One in five answers an earlier comment on the same article.
        replies, last_top = [], {}
        for comment in rows:
            if comment._reply and comment.article_id in last_top:
                comment.parent_id = last_top[comment.article_id]
                replies.append(comment)
            else:
                last_top[comment.article_id] = comment.pk
        Comment.objects.bulk_update(replies, ["parent"], batch_size=2000)
        self.progress("comments")

    def run(self):
        with transaction.atomic():
            self.users()
            self.taxonomy()
            self.specialists()
            self.progress("people")
            self.articles()
            self.stories()
            self.comments()
        rebuild_vocabulary()
        pagecache.bump_site_version()
        self.progress("search vocabulary")


STEPS = 7  # progress() calls in Generator.run


def generated_counts() -> dict[str, int]:
    return {
        "published articles": Article.objects.published().filter(slug__startswith=PREFIX).count(),
        "sign-offs": SignOff.objects.filter(article__slug__startswith=PREFIX).count(),
        "specialists": Specialist.objects.filter(slug__startswith=PREFIX).count(),
        "approved stories": Story.objects.approved().filter(slug__startswith=PREFIX).count(),
        "approved comments": Comment.objects.approved()
        .filter(email__endswith=EMAIL_DOMAIN)
        .count(),
    }


@transaction.atomic
def reset() -> None:
    """Remove every generated row, and only those."""
    articles = Article.objects.filter(slug__startswith=PREFIX)
    Comment.objects.filter(
        models.Q(email__endswith=EMAIL_DOMAIN) | models.Q(article__in=articles)
    ).delete()
    Story.objects.filter(slug__startswith=PREFIX).delete()
    # Sign-offs are append-only for everyone else (SignOffQuerySet.delete refuses);
    # load data is no audit trail, so the plain QuerySet.delete removes it.
    models.QuerySet.delete(SignOff.objects.filter(article__in=articles))
    Review.objects.filter(article__in=articles).delete()
    articles.update(approved_revision=None, status=Article.Status.DRAFT, published_at=None)
    TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id__in=articles.values("pk"),
    ).delete()
    articles.delete()
    Tag.objects.filter(slug__startswith=PREFIX).delete()
    # Checks are append-only too; generated ones go with their generated profiles.
    generated_checks = CredentialCheck.objects.filter(specialist__slug__startswith=PREFIX)
    models.QuerySet.delete(CredentialReminder.objects.filter(check_record__in=generated_checks))
    models.QuerySet.delete(generated_checks)
    Specialist.objects.filter(slug__startswith=PREFIX).delete()
    Author.objects.filter(slug__startswith=PREFIX).delete()
    Topic.objects.filter(slug__startswith=PREFIX).delete()
    Specialty.objects.filter(slug__startswith=PREFIX).delete()
    ClinicalInterest.objects.filter(slug__startswith=PREFIX).delete()
    get_user_model().objects.filter(username__startswith=PREFIX).delete()
    transaction.on_commit(rebuild_vocabulary)
    transaction.on_commit(pagecache.bump_site_version)
