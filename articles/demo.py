"""Demo articles on immunotherapy for breast cancer, written by us in plain language."""

from __future__ import annotations

import io
import math
import random
import tomllib
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from eduportal.images import clean_uploaded_image
from eduportal.tasks import make_image_renditions

from . import services
from .models import (
    Article,
    ArticleRevision,
    Author,
    BodyImage,
    Feedback,
    GlossaryTerm,
    Reference,
    Topic,
    content_hash,
    normalise_newlines,
)
from .models.glossary import text_fingerprint
from .models.translations import TRANSLATED_FIELDS

CONTENT_DIR = Path(__file__).parent / "demo_content"
HERO_ALT = "An abstract illustration of soft circles in calm colours."
HERO_CREDIT = "Source: eduportal illustration"

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
        "seo_title": "Immunotherapy for breast cancer: how it works",
        "seo_description": "How immunotherapy helps your immune system fight breast cancer, "
        "who it may help, and questions to ask your care team.",
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
            {
                "citation": "American Cancer Society. Key statistics for breast cancer.",
                "url": "https://www.cancer.org/cancer/types/breast-cancer/about/"
                "how-common-is-breast-cancer.html",
                "accessed_on": date(2026, 11, 2),
            },
            {
                "citation": "American Cancer Society. Key statistics for breast cancer in men.",
                "url": "https://www.cancer.org/cancer/types/breast-cancer-in-men/about/"
                "key-statistics.html",
                "accessed_on": date(2026, 11, 2),
            },
        ],
        "questions": [
            "Is immunotherapy an option for my type of breast cancer?",
            "What results do you hope for?",
            "Which side effects should I look out for, and who do I call about them?",
            "How will we know if the treatment is working?",
        ],
    },
    {
        "slug": "checkpoint-inhibitors-explained",
        "title": "Checkpoint inhibitors explained",
        "summary": "Checkpoint inhibitors such as pembrolizumab take the brakes off your immune "
        "cells. Learn how they are used for early and advanced triple-negative breast cancer.",
        "file": "checkpoint-inhibitors.md",
        "topics": ["breast-cancer", "triple-negative-breast-cancer", "immunotherapy"],
        "tags": ["pembrolizumab", "PD-L1", "triple-negative"],
        "featured": True,
        "colour": (46, 84, 140),
        "references": [KEYNOTE_522, KEYNOTE_355],
        "questions": [
            "Has my cancer been tested for PD-L1, and what was the result?",
            "Will I have immunotherapy before surgery, after surgery, or both?",
            "How often will I have blood tests, and what do they check?",
            "Who do I call if I feel unwell between treatments?",
        ],
    },
    {
        "slug": "antibody-drug-conjugates",
        "title": "Antibody-drug conjugates: targeted chemotherapy",
        "summary": "Antibody-drug conjugates carry chemotherapy straight to cancer cells. Find out "
        "which ones are used in breast cancer and which side effects to report.",
        "file": "antibody-drug-conjugates.md",
        "topics": [
            "breast-cancer",
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
        "questions": [
            "Which target does my cancer have: HER2, HER2-low, or TROP-2?",
            "How often will I have treatment, and for how long?",
            "Which side effects should I report at once?",
        ],
    },
    {
        "slug": "immunotherapy-side-effects-when-to-call",
        "title": "Immunotherapy side effects and when to call your care team",
        "summary": "Most immunotherapy side effects are mild when found early. This is the list "
        "of signs that mean you should call your hospital straight away.",
        "file": "side-effects.md",
        "seo_title": "Immunotherapy side effects: when to call your team",
        "seo_description": "The signs during or after immunotherapy that mean you should "
        "call your hospital straight away, and the milder ones to mention.",
        "topics": ["breast-cancer", "immunotherapy", "living-with-treatment"],
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
            },
            {
                "citation": "Haanen J, Obeid M, Spain L, et al. Management of toxicities from "
                "immunotherapy: ESMO Clinical Practice Guideline for diagnosis, treatment and "
                "follow-up. Ann Oncol. 2022;33(12):1217-1238.",
                "doi": "10.1016/j.annonc.2022.10.001",
                "pubmed_id": "36270461",
            },
            {
                "citation": "National Cancer Institute. Immunotherapy side effects.",
                "url": "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy/"
                "side-effects",
                "accessed_on": date(2026, 11, 2),
            },
        ],
        "questions": [
            "What is the 24-hour number I should call, and when?",
            "Which side effects are most likely with my treatment?",
            "Can I take my usual medicines, such as pain killers or laxatives?",
            "How long after treatment should I keep my alert card with me?",
        ],
    },
    {
        "slug": "when-immunotherapy-stops-working",
        "title": "When immunotherapy stops working: understanding resistance",
        "summary": "Immunotherapy does not work for everyone, and sometimes it stops working. "
        "Here is why that happens and what options come next.",
        "file": "resistance.md",
        "topics": ["breast-cancer", "immunotherapy", "triple-negative-breast-cancer"],
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
        "questions": [
            "How will we know whether the treatment is working?",
            "What are my options if it stops working?",
            "Is there a clinical trial I could join?",
        ],
    },
    {
        "slug": "monoclonal-antibodies-her2-positive-breast-cancer",
        "title": "Monoclonal antibodies: how trastuzumab treats HER2-positive breast cancer",
        "summary": "Monoclonal antibodies are lab-made immune proteins that stick to cancer cells. "
        "Learn how trastuzumab works for HER2-positive breast cancer and what to expect.",
        "file": "monoclonal-antibodies.md",
        "topics": [
            "breast-cancer",
            "her2-positive-breast-cancer",
            "targeted-therapy",
            "immunotherapy",
        ],
        "tags": ["HER2", "trastuzumab", "monoclonal antibodies", "passive immunotherapy"],
        "featured": False,
        "colour": (120, 50, 80),
        "references": [
            {
                "citation": "Slamon DJ, Leyland-Jones B, Shak S, et al. Use of chemotherapy plus "
                "a monoclonal antibody against HER2 for metastatic breast cancer that "
                "overexpresses HER2. N Engl J Med. 2001;344(11):783-792.",
                "doi": "10.1056/NEJM200103153441101",
                "pubmed_id": "11248153",
            },
            {
                "citation": "Romond EH, Perez EA, Bryant J, et al. Trastuzumab plus adjuvant "
                "chemotherapy for operable HER2-positive breast cancer. N Engl J Med. "
                "2005;353(16):1673-1684.",
                "doi": "10.1056/NEJMoa052122",
                "pubmed_id": "16236738",
            },
            {
                "citation": "Goldhirsch A, Gelber RD, Piccart-Gebhart MJ, et al. 2 years versus "
                "1 year of adjuvant trastuzumab for HER2-positive breast cancer (HERA): an "
                "open-label, randomised controlled trial. Lancet. 2013;382(9897):1021-1028.",
                "doi": "10.1016/S0140-6736(13)61094-6",
                "pubmed_id": "23871490",
            },
            {
                "citation": "National Cancer Institute. Monoclonal antibodies.",
                "url": "https://www.cancer.gov/about-cancer/treatment/types/immunotherapy/"
                "monoclonal-antibodies",
                "accessed_on": date(2026, 11, 2),
            },
        ],
        "questions": [
            "Is my cancer HER2-positive, and how sure is the test?",
            "Will I have trastuzumab as a drip or as an injection?",
            "How often will my heart be checked?",
            "How long will my treatment last in total?",
        ],
    },
    {
        "slug": "paying-for-treatment-and-getting-access",
        "title": "Paying for treatment and getting access: what to ask",
        "summary": "How cancer medicines are paid for differs from country to country. Here is "
        "what to ask about funding, insurance and other costs, and who can help.",
        "file": "cost-and-access.md",
        "topics": ["breast-cancer", "living-with-treatment"],
        "tags": ["cost", "insurance", "access to treatment"],
        "featured": False,
        "colour": (70, 90, 40),
        "references": [
            {
                "citation": "National Cancer Institute. Financial toxicity and cancer treatment "
                "(PDQ) – patient version.",
                "url": "https://www.cancer.gov/about-cancer/managing-care/track-care-costs/"
                "financial-toxicity-pdq",
                "accessed_on": date(2026, 11, 2),
            },
            {
                "citation": "World Health Organization. International Clinical Trials Registry "
                "Platform (ICTRP).",
                "url": "https://www.who.int/clinical-trials-registry-platform",
                "accessed_on": date(2026, 11, 2),
            },
            {
                "citation": "National Cancer Institute. Managing costs and medical information.",
                "url": "https://www.cancer.gov/about-cancer/managing-care/track-care-costs",
                "accessed_on": date(2026, 11, 2),
            },
        ],
        "questions": [
            "Is this medicine paid for where I live, for my type of cancer?",
            "Will I have to pay anything myself, and how much?",
            "Are there other costs, such as travel or tests, I should plan for?",
            "Who at the hospital can help me with costs and forms?",
            "Could I join a clinical trial?",
        ],
    },
]

GLOSSARY = [
    ("Antibody", "antibodies", "A protein made by the immune system that sticks to one target, "
     "such as a germ or a cancer cell."),
    ("Antibody-drug conjugate", "antibody-drug conjugates", "A medicine that joins an antibody to "
     "a chemotherapy drug, so the drug is carried straight to cancer cells."),
    ("Biosimilar", "biosimilars", "A copy of a medicine made from living cells, which works in "
     "the same way and is checked just as carefully."),
    ("Checkpoint", "checkpoints", "A switch on immune cells that stops them attacking healthy "
     "cells; some cancers use it to hide."),
    ("Checkpoint inhibitor", "checkpoint inhibitors", "A medicine that blocks a checkpoint, so "
     "your immune cells stay switched on and can attack the cancer."),
    ("HER2", "HER2-positive", "A protein on some breast cancer cells that tells them to grow; "
     "cancers with a lot of it are called HER2-positive."),
    ("Immune-related side effect", "immune-related side effects", "Swelling and irritation in a "
     "healthy part of the body, when immunotherapy makes the immune system too active."),
    ("Infusion", "infusions", "A way of giving a medicine slowly into a vein, through a "
     "thin tube."),
    ("Monoclonal antibody", "monoclonal antibodies", "An antibody made in a laboratory to stick "
     "to one target on cancer cells, such as HER2."),
    ("PD-1", "", "A checkpoint on immune cells; when it is switched on, the immune cell stops "
     "attacking."),
    ("PD-L1", "", "A protein on some cancer cells that switches off immune cells by joining "
     "to PD-1."),
    ("Steroid", "steroids", "A medicine that calms down the immune system, used to treat many "
     "side effects of immunotherapy."),
    ("T cell", "T cells", "A white blood cell that finds and kills infected or cancer cells."),
    ("Triple-negative breast cancer", "", "Breast cancer without hormone receptors or extra "
     "HER2, so hormone and HER2 medicines do not work for it."),
]  # fmt: skip


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


def body_with_figures(article: Article, body: str, *, create: bool) -> str:
    """Replace [[figure:name]] markers in a demo body with the article's body images
    (uploaded now when `create`, else only those already there)."""
    for name, (alt_text, caption) in FIGURES.items():
        marker = f"[[figure:{name}]]"
        if marker not in body:
            continue
        body_image = article.body_images.filter(alt_text=alt_text).first() if article.pk else None
        if body_image is None and create:
            body_image = BodyImage.objects.create(
                article=article, image=schedule_image(), alt_text=alt_text, caption=caption
            )
        if body_image is not None and not body_image.markdown():
            # Renditions are a background job; the demo text needs the picture's line
            # now, so the demo makes them here (the queued job finds them made).
            make_image_renditions.call(
                model=BodyImage._meta.label,
                pk=body_image.pk,
                image_field="image",
                renditions_field="renditions",
                source=body_image.image.name,
            )
            body_image.refresh_from_db()
        if body_image is not None:
            body = body.replace(marker, body_image.markdown())
    return body


def demo_content(article: Article, spec: dict) -> dict:
    """The medical content the demo wants this article to have, as a revision holds it."""
    references = [
        Reference(article=article, position=position, **ref).as_dict()
        for position, ref in enumerate(spec["references"], start=1)
    ]
    body = (CONTENT_DIR / spec["file"]).read_text(encoding="utf-8")
    # Start from the article's own content, so parts of a revision the demo does not
    # manage (should the revision grow) compare as they are.
    content = article.content() if article.pk else {}
    content.update(
        title=spec["title"],
        summary=spec["summary"],
        body=normalise_newlines(body_with_figures(article, body, create=False)),
        references=references,
        questions=list(spec.get("questions", [])),
        seo_title=spec.get("seo_title", ""),
        seo_description=spec.get("seo_description", ""),
        hero={
            "image": article.hero_image.name if article.pk else "",
            "alt": HERO_ALT,
            "credit": HERO_CREDIT,
        },
    )
    return content


def demo_revision(article: Article) -> ArticleRevision | None:
    """The revision that holds the demo's current text for this article, if any."""
    spec = next((spec for spec in ARTICLES if spec["slug"] == article.slug), None)
    if spec is None:
        return None
    fingerprint = content_hash(demo_content(article, spec))
    return article.revisions.filter(content_hash=fingerprint).order_by("-number").first()


def update_to_demo_content(article: Article, spec: dict, *, editor) -> bool:
    """Bring an article loaded by an earlier demo up to the demo's current text, as an
    editor would: edit the working copy and record a new revision (reviews.demo then
    signs it off). A text the demo loaded once is never loaded again, so edits made
    while trying the demo stay. Returns whether anything changed."""
    if article.status == Article.Status.ARCHIVED or demo_revision(article) is not None:
        return False
    body = (CONTENT_DIR / spec["file"]).read_text(encoding="utf-8")
    article.title, article.summary = spec["title"], spec["summary"]
    article.body = body_with_figures(article, body, create=True)
    article.care_team_questions = "\n".join(spec.get("questions", []))
    article.seo_title = spec.get("seo_title", "")
    article.seo_description = spec.get("seo_description", "")
    article.hero_alt, article.hero_credit = HERO_ALT, HERO_CREDIT
    article.modified_by = editor
    article.save()
    article.references.all().delete()
    for position, ref in enumerate(spec["references"], start=1):
        Reference.objects.create(article=article, position=position, **ref)
    services.record_revision(article=article, by=editor)
    return True


TRANSLATIONS_DIR = CONTENT_DIR / "translations"


def translation_files() -> list[tuple[str, str, dict]]:
    """The demo's translations: (article slug, language, content) for every
    translations/<language>/<slug>.toml there is, for the site's languages only."""
    found = []
    languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    for language in languages:
        folder = TRANSLATIONS_DIR / language
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            with path.open("rb") as toml_file:
                data = tomllib.load(toml_file)
            found.append(
                (path.stem, language, {name: data.get(name, "") for name in TRANSLATED_FIELDS})
            )
    return found


def translated_body_with_figures(article: Article, language: str, body: str) -> str:
    """Replace [[figure:name]] markers in a demo translation with the English article's
    picture (a translation shows the source's pictures) and the translated alt text and
    caption from the file's [figures.<name>] table."""
    path = TRANSLATIONS_DIR / language / f"{article.slug}.toml"
    with path.open("rb") as toml_file:
        figures = tomllib.load(toml_file).get("figures", {})
    for name, (alt_text, _caption) in FIGURES.items():
        marker = f"[[figure:{name}]]"
        body_image = article.body_images.filter(alt_text=alt_text).first()
        if marker not in body or body_image is None:
            continue
        text = figures.get(name, {})
        line = body_image.markdown(text.get("alt", alt_text), text.get("caption", _caption))
        if line:
            body = body.replace(marker, line)
    return body


def load_glossary() -> None:
    """The demo's terms, as editors' working text: reviews.demo has a clinician approve
    them (until then the public sees none of them)."""
    for term, also_matches, definition in GLOSSARY:
        GlossaryTerm.objects.get_or_create(
            term=term, defaults={"definition": definition, "also_matches": also_matches}
        )


def demo_glossary_terms() -> list[GlossaryTerm]:
    """The glossary terms that still hold the demo's own wording (one someone changed
    while trying the demo is theirs, and waits for a real approval)."""
    wording = {
        term: text_fingerprint(term, also_matches, " ".join(definition.split()))
        for term, also_matches, definition in GLOSSARY
    }
    return [
        term
        for term in GlossaryTerm.objects.filter(term__in=wording)
        if term.text_fingerprint() == wording[term.term]
    ]


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
            "role": Author.Role.MEDICAL_WRITER,
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
                hero_alt=HERO_ALT,
                hero_credit=HERO_CREDIT,
                seo_title=spec.get("seo_title", ""),
                seo_description=spec.get("seo_description", ""),
                care_team_questions="\n".join(spec.get("questions", [])),
                created_by=editor,
                modified_by=editor,
            )
            article.tags.set(spec["tags"])
            for position, ref in enumerate(spec["references"], start=1):
                Reference.objects.create(article=article, position=position, **ref)
            article.body = body_with_figures(article, article.body, create=True)
            article.save(update_fields=["body"])
            services.record_revision(article=article, by=editor)
            stdout.write(f"  article: {article.title}")
        elif update_to_demo_content(article, spec, editor=editor):
            stdout.write(f"  updated to the demo's new text: {spec['title']}")
        # Topics are only added: every breast-cancer article sits in the breast-cancer topic.
        article.topics.add(*(topics[slug] for slug in spec["topics"]))
        articles.append(article)
    load_glossary()
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
