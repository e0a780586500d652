"""Demo articles on immunotherapy for breast cancer, written by us in plain language."""

from __future__ import annotations

import io
import math
import random
from datetime import date
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from eduportal.images import clean_uploaded_image

from . import services
from .models import Article, Author, BodyImage, Feedback, Reference, Topic

CONTENT_DIR = Path(__file__).parent / "demo_content"

TOPICS = [
    ("Breast cancer", "breast-cancer", Topic.Kind.CANCER_TYPE,
     "Cancer that starts in the breast tissue."),
    ("Triple-negative breast cancer", "triple-negative-breast-cancer", Topic.Kind.CANCER_TYPE,
     "Breast cancer without hormone receptors or extra HER2 protein."),
    ("HER2-positive breast cancer", "her2-positive-breast-cancer", Topic.Kind.CANCER_TYPE,
     "Breast cancer with extra HER2 protein on its cells."),
    ("Immunotherapy", "immunotherapy", Topic.Kind.TREATMENT,
     "Treatments that help your immune system find and attack cancer."),
    ("Targeted therapy", "targeted-therapy", Topic.Kind.TREATMENT,
     "Medicines aimed at a particular feature of cancer cells."),
    ("Living with treatment", "living-with-treatment", Topic.Kind.TREATMENT,
     "Side effects, everyday life and getting support during treatment."),
]  # fmt: skip

KEYNOTE_522 = {
    "citation": "Schmid P, Cortes J, Pusztai L, et al. Pembrolizumab for early triple-negative "
    "breast cancer. N Engl J Med. 2020;382(9):810-821.",
    "doi": "10.1056/NEJMoa1910549",
    "pubmed_id": "32101663",
}
KEYNOTE_355 = {
    "citation": "Cortes J, Cescon DW, Rugo HS, et al. Pembrolizumab plus chemotherapy versus "
    "placebo plus chemotherapy for previously untreated locally recurrent inoperable or "
    "metastatic triple-negative breast cancer (KEYNOTE-355). Lancet. 2020;396(10265):1817-1828.",
    "doi": "10.1016/S0140-6736(20)32531-9",
    "pubmed_id": "33278935",
}

ARTICLES = [
    {
        "slug": "what-is-immunotherapy-for-breast-cancer",
        "title": "What is immunotherapy for breast cancer?",
        "summary": "Immunotherapy helps your own immune system find and attack cancer cells. "
        "Here is how it works, who it may help, and what to ask your care team.",
        "file": "what-is-immunotherapy.md",
        "topics": ["breast-cancer", "triple-negative-breast-cancer", "immunotherapy"],
        "tags": ["immunotherapy", "triple-negative", "getting started"],
        "featured": True,
        "colour": (11, 92, 107),
        "references": [
            KEYNOTE_522,
            KEYNOTE_355,
            {
                "citation": "National Cancer Institute. Immunotherapy to treat cancer.",
                "url": "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy",
                "accessed_on": date(2026, 10, 1),
            },
        ],
    },
    {
        "slug": "checkpoint-inhibitors-explained",
        "title": "Checkpoint inhibitors explained",
        "summary": "Checkpoint inhibitors such as pembrolizumab take the brakes off your immune "
        "cells. Learn how they are used for early and advanced triple-negative breast cancer.",
        "file": "checkpoint-inhibitors.md",
        "topics": ["triple-negative-breast-cancer", "immunotherapy"],
        "tags": ["pembrolizumab", "PD-L1", "triple-negative"],
        "featured": True,
        "colour": (46, 84, 140),
        "references": [KEYNOTE_522, KEYNOTE_355],
    },
    {
        "slug": "antibody-drug-conjugates",
        "title": "Antibody-drug conjugates: targeted chemotherapy",
        "summary": "Antibody-drug conjugates carry chemotherapy straight to cancer cells. Find out "
        "which ones are used in breast cancer and which side effects to report.",
        "file": "antibody-drug-conjugates.md",
        "topics": [
            "her2-positive-breast-cancer",
            "triple-negative-breast-cancer",
            "targeted-therapy",
        ],
        "tags": ["HER2", "HER2-low", "trastuzumab deruxtecan", "sacituzumab govitecan"],
        "featured": False,
        "colour": (96, 62, 120),
        "references": [
            {
                "citation": "von Minckwitz G, Huang CS, Mano MS, et al. Trastuzumab emtansine for "
                "residual invasive HER2-positive breast cancer. N Engl J Med. 2019;380(7):617-628.",
                "doi": "10.1056/NEJMoa1814017",
                "pubmed_id": "30516102",
            },
            {
                "citation": "Modi S, Jacot W, Yamashita T, et al. Trastuzumab deruxtecan in "
                "previously treated HER2-low advanced breast cancer. N Engl J Med. "
                "2022;387(1):9-20.",
                "doi": "10.1056/NEJMoa2203690",
                "pubmed_id": "35665782",
            },
            {
                "citation": "Bardia A, Hurvitz SA, Tolaney SM, et al. Sacituzumab govitecan in "
                "metastatic triple-negative breast cancer. N Engl J Med. 2021;384(16):1529-1541.",
                "doi": "10.1056/NEJMoa2028485",
                "pubmed_id": "33882206",
            },
        ],
    },
    {
        "slug": "immunotherapy-side-effects-when-to-call",
        "title": "Immunotherapy side effects and when to call your care team",
        "summary": "Most immunotherapy side effects are mild when found early. This is the list "
        "of signs that mean you should call your hospital straight away.",
        "file": "side-effects.md",
        "topics": ["immunotherapy", "living-with-treatment"],
        "tags": ["side effects", "acute oncology", "pembrolizumab"],
        "featured": True,
        "colour": (138, 59, 18),
        "references": [
            {
                "citation": "Schneider BJ, Naidoo J, Santomasso BD, et al. Management of "
                "immune-related adverse events in patients treated with immune checkpoint "
                "inhibitor therapy: ASCO guideline update. J Clin Oncol. 2021;39(36):4073-4126.",
                "doi": "10.1200/JCO.21.01440",
                "pubmed_id": "34724392",
            }
        ],
    },
    {
        "slug": "when-immunotherapy-stops-working",
        "title": "When immunotherapy stops working: understanding resistance",
        "summary": "Immunotherapy does not work for everyone, and sometimes it stops working. "
        "Here is why that happens and what options come next.",
        "file": "resistance.md",
        "topics": ["immunotherapy", "triple-negative-breast-cancer"],
        "tags": ["resistance", "clinical trials", "triple-negative"],
        "featured": False,
        "colour": (30, 107, 53),
        "references": [
            {
                "citation": "Sharma P, Hu-Lieskovan S, Wargo JA, Ribas A. Primary, adaptive, and "
                "acquired resistance to cancer immunotherapy. Cell. 2017;168(4):707-723.",
                "doi": "10.1016/j.cell.2017.01.017",
                "pubmed_id": "28187290",
            }
        ],
    },
]


def hero_image(seed: str, colour: tuple[int, int, int]) -> ContentFile:
    """A calm abstract illustration (soft circles on a gradient), made with Pillow."""
    width, height = 1600, 900
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    light = tuple(min(255, c + 150) for c in colour)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(light, colour, strict=True)),
        )
    for _ in range(14):
        radius = rng.randint(60, 260)
        cx, cy = rng.randint(0, width), rng.randint(0, height)
        shade = tuple(min(255, c + rng.randint(40, 120)) for c in colour)
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline=shade, width=6)
    for i in range(60):
        angle = i / 60 * 2 * math.pi
        x = width * 0.7 + math.cos(angle) * 180
        y = height * 0.5 + math.sin(angle) * 180
        draw.ellipse([x - 6, y - 6, x + 6, y + 6], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    upload = ContentFile(buffer.getvalue(), name=f"{seed}.png")
    return clean_uploaded_image(upload).content


FIGURES = {
    "schedule": (
        "A row of calendar weeks; every third week has a drip symbol.",
        "An example schedule: one treatment every three weeks.",
    )
}


def schedule_image() -> ContentFile:
    """A simple diagram: twelve weeks, a treatment marked every third one."""
    image = Image.new("RGB", (1200, 400), (243, 247, 247))
    draw = ImageDraw.Draw(image)
    for week in range(12):
        x = 40 + week * 95
        treated = week % 3 == 0
        draw.rounded_rectangle(
            [x, 120, x + 80, 280],
            radius=12,
            fill=(11, 92, 107) if treated else (255, 255, 255),
            outline=(11, 92, 107),
            width=4,
        )
        if treated:
            draw.ellipse([x + 28, 150, x + 52, 190], fill=(255, 255, 255))
            draw.line([x + 40, 190, x + 40, 250], fill=(255, 255, 255), width=5)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return clean_uploaded_image(ContentFile(buffer.getvalue(), name="schedule.png")).content


def add_body_figures(article: Article) -> None:
    """Replace [[figure:name]] markers in a demo body with uploaded body images."""
    for name, (alt_text, caption) in FIGURES.items():
        marker = f"[[figure:{name}]]"
        if marker not in article.body:
            continue
        body_image = BodyImage.objects.create(
            article=article, image=schedule_image(), alt_text=alt_text, caption=caption
        )
        article.body = article.body.replace(marker, body_image.markdown())
    article.save(update_fields=["body"])


def load_topics() -> dict[str, Topic]:
    topics = {}
    for position, (name, slug, kind, description) in enumerate(TOPICS):
        topics[slug], _ = Topic.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "kind": kind, "description": description, "position": position},
        )
    return topics


def load_authors() -> dict[str, Author]:
    writer, _ = Author.objects.get_or_create(
        slug="elena-marsh",
        defaults={
            "name": "Elena Marsh",
            "role": "Medical writer",
            "bio": "Elena writes patient information. She was a breast care nurse for ten years.",
        },
    )
    return {"writer": writer}


def load(*, users: dict, stdout) -> list[Article]:
    topics = load_topics()
    authors = load_authors()
    editor = users["editor"]
    articles = []
    for spec in ARTICLES:
        article = Article.objects.filter(slug=spec["slug"]).first()
        if article is None:
            article = Article.objects.create(
                slug=spec["slug"],
                title=spec["title"],
                summary=spec["summary"],
                body=(CONTENT_DIR / spec["file"]).read_text(encoding="utf-8"),
                author=authors["writer"],
                featured=spec["featured"],
                hero_image=hero_image(spec["slug"], spec["colour"]),
                hero_alt="An abstract illustration of soft circles in calm colours.",
                hero_credit="Source: eduportal illustration",
                created_by=editor,
                modified_by=editor,
            )
            article.topics.set([topics[slug] for slug in spec["topics"]])
            article.tags.set(spec["tags"])
            for position, ref in enumerate(spec["references"], start=1):
                Reference.objects.create(article=article, position=position, **ref)
            add_body_figures(article)
            services.record_revision(article=article, by=editor)
            stdout.write(f"  article: {article.title}")
        articles.append(article)
    return articles


# A reader's report that something is wrong, for the editors' inbox and the governance
# dashboard.
ERROR_REPORT = (
    "what-is-immunotherapy-for-breast-cancer",
    "The section on how it is given says every three weeks, but my clinic gives it every "
    "six weeks. Is the page out of date?",
)


def load_error_reports(*, stdout) -> None:
    slug, message = ERROR_REPORT
    article = Article.objects.published().filter(slug=slug).first()
    if article is None or Feedback.objects.filter(article=article, message=message).exists():
        return
    services.record_feedback(article=article, kind=Feedback.Kind.ERROR, message=message)
    stdout.write(f"  error report on: {article.title}")
