"""Demo survivor stories and reader comments, written by us in plain language.

Idempotent: stories are found by their slug and comments by their text, so running
`load_demo` again changes nothing. Decisions go through the services, as a moderator's
would; demo sharers have no email address, so no email is sent.
"""

from __future__ import annotations

import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

from articles.models import Topic
from eduportal.images import clean_uploaded_image

from . import services
from .models import Comment, Story
from .models.stories import CONSENT_VERSION
from .screening import screen_text

STORIES = [
    {
        "slug": "maria-breast-cancer-demo",
        "display_name": "Maria",
        "age": 52,
        "country": "ES",
        "status": Story.Status.CANCER_FREE,
        "status_year": 2021,
        "cancer_type": "breast-cancer",
        "short_line": "I notice small joys again: coffee in the sun, my granddaughter's laugh.",
        "text": (
            "I found the lump in the shower on a Sunday morning. I told myself it was "
            "nothing, and it took me two weeks to ring my doctor.\n\n"
            "The weeks between the scan and the results were the hardest part. I could not "
            "sleep, and I read far too much on the internet at night. What helped was my "
            "breast care nurse. She wrote her phone number on a card and said: call me, not "
            "the internet.\n\n"
            "I had surgery and then radiotherapy. The tiredness surprised me. I learned to "
            "say yes when friends offered to cook, and to rest without feeling guilty.\n\n"
            "Today I go for my check-ups and I still feel nervous before each one. That is "
            "normal, my nurse says. If you are at the start of this road: write your "
            "questions down before each appointment, and take someone with you."
        ),
        "consent_quote": True,
        "featured": True,
        "photo": (214, 120, 96),
    },
    {
        "slug": "j-triple-negative-demo",
        "display_name": "James",
        "publish_anonymously": True,
        "age": 41,
        "country": "GB",
        "status": Story.Status.IN_TREATMENT,
        "status_year": 2024,
        "cancer_type": "triple-negative-breast-cancer",
        "short_line": "Some days are heavy, but I am learning to take them one at a time.",
        "text": (
            "Men get breast cancer too. I did not know that until it happened to me, and I "
            "felt embarrassed at first to sit in a clinic full of pink leaflets.\n\n"
            "My cancer is triple-negative, so my team suggested chemotherapy with "
            "immunotherapy before surgery. The first weeks were tough: I felt sick and very "
            "tired. My team changed my anti-sickness medicine and that made a real "
            "difference, so tell them if something is not working.\n\n"
            "I keep a small notebook with my temperature, my sleep and how I feel. It helps "
            "me to see that the bad days pass. My advice: you do not have to be brave all "
            "the time. Let people help you."
        ),
        "consent_edit": True,
    },
    {
        "slug": "aisha-her2-positive-demo",
        "display_name": "Aisha",
        "age": 38,
        "country": "NG",
        "status": Story.Status.METASTATIC,
        "status_year": 2022,
        "cancer_type": "her2-positive-breast-cancer",
        "short_line": "Living with cancer is not the end of living. I still plan holidays.",
        "text": (
            "My cancer came back three years after my first treatment, this time in my "
            "bones. Hearing the word metastatic felt like the floor had gone.\n\n"
            "My oncologist explained that my cancer is HER2-positive, and that there are "
            "treatments aimed at exactly that. I have been on targeted therapy for two "
            "years now. I go to the day unit every three weeks and I know the nurses by "
            "name.\n\n"
            "I joined a support group for people living with secondary breast cancer. "
            "Being with people who understand, without explaining, helps me more than I "
            "can say. I still work part time, I still cook for my family, and this summer "
            "we are going to the sea."
        ),
        "content_notes": ["recurrence"],
        "consent_quote": True,
        "featured": True,
        "photo": (96, 140, 200),
    },
    {
        "slug": "tom-caregiver-demo",
        "display_name": "Tom",
        "age": 63,
        "country": "IE",
        "status": Story.Status.CAREGIVER,
        "status_year": 2020,
        "cancer_type": "breast-cancer",
        "short_line": "Caring for my wife taught me to ask for help, which I was never good at.",
        "text": (
            "I cared for my wife, Anne, through her breast cancer treatment, and later "
            "through her last months. I am writing this for the partners and husbands who "
            "sit in the waiting room and do not know what to do with their hands.\n\n"
            "What I learned: go to the appointments, and take notes, because the person "
            "with cancer often cannot take everything in. Ask the team who to call at "
            "night. Look after yourself too: I did not, and I was exhausted.\n\n"
            "The hospice team were kind beyond words. Anne died at home, as she wanted. I "
            "miss her every day, and I am grateful for the time the treatment gave us."
        ),
        "content_notes": ["loss"],
        "consent_edit": True,
    },
    {
        "slug": "lena-triple-negative-demo",
        "display_name": "Lena",
        "age": 45,
        "country": "SE",
        "status": Story.Status.CANCER_FREE,
        "status_year": 2019,
        "cancer_type": "triple-negative-breast-cancer",
        "short_line": "Five years on, I run slowly, and I am proud of every kilometre.",
        "text": (
            "I was 39 when I was diagnosed. Before chemotherapy started, my team talked to "
            "me about my fertility and about freezing eggs. I am glad they did, even though "
            "the conversation was hard to have so quickly.\n\n"
            "Chemotherapy took my hair and my energy for a while. I walked every day, even "
            "when it was only to the end of the street. Slowly the walks got longer.\n\n"
            "Now I run, slowly, three times a week. I still have days when I worry. When "
            "that happens I talk to my partner or call my nurse. If you are starting "
            "treatment, be gentle with yourself: small steps still count."
        ),
        "content_notes": ["fertility"],
        "consent_quote": True,
        "photo": (120, 170, 120),
    },
]

# Stories written in Chinese, Malay, Nepali and Tamil: our own words, as a reader in
# Singapore, Malaysia, Nepal or India might write them. Nobody real; no medical claims.
STORIES_IN_OTHER_LANGUAGES = [
    {
        "slug": "mei-ling-breast-cancer-zh-demo",
        "language": "zh-hans",
        "display_name": "美玲",
        "age": 56,
        "country": "SG",
        "status": Story.Status.CANCER_FREE,
        "status_year": 2022,
        "cancer_type": "breast-cancer",
        "short_line": "每天早上在楼下散步，我又开始觉得生活很美好。",
        "text": (
            "确诊乳腺癌的那天，我一个人坐在医院的走廊里，脑子一片空白。护士走过来，"
            "陪我坐了很久，还把她的电话号码写在一张小卡片上给我。\n\n"
            "手术以后我做了放疗。最难受的是那种累，不是睡一觉就能好的累。我学会了接受"
            "家人的帮助：女儿帮我煮饭，丈夫每次都陪我去复诊。\n\n"
            "我把想问医生的问题写在本子上，每次复诊都带着。有些问题听起来很简单，但医生"
            "和护士都很耐心地回答。\n\n"
            "现在我还是会在复查前紧张，护士说这很正常。如果你刚刚开始治疗，请记得：你不"
            "需要一个人面对，也可以随时告诉医护团队你的感受。"
        ),
        "consent_quote": True,
        "featured": True,
    },
    {
        "slug": "siti-her2-positive-ms-demo",
        "language": "ms",
        "display_name": "Siti",
        "age": 47,
        "country": "MY",
        "status": Story.Status.IN_TREATMENT,
        "status_year": 2024,
        "cancer_type": "her2-positive-breast-cancer",
        "short_line": (
            "Ada hari yang berat, tetapi saya belajar melaluinya satu hari demi satu hari."
        ),
        "text": (
            "Saya berumur 47 tahun ketika doktor memberitahu saya bahawa saya menghidap "
            "kanser payudara HER2-positif. Saya terkejut dan takut, terutama apabila "
            "memikirkan anak-anak saya.\n\n"
            "Doktor onkologi saya menerangkan bahawa ada rawatan yang disasarkan khusus "
            "untuk jenis kanser ini. Saya datang ke hospital setiap tiga minggu. Jururawat "
            "di sana sudah kenal saya dan selalu bertanya khabar.\n\n"
            "Keletihan adalah perkara paling sukar bagi saya. Saya berehat apabila perlu dan "
            "tidak lagi berasa bersalah. Suami saya mengambil alih kerja memasak, dan "
            "jiran-jiran menghantar makanan.\n\n"
            "Nasihat saya: tulis soalan anda sebelum berjumpa doktor, dan bawa seseorang "
            "bersama. Beritahu pasukan rawatan anda jika ada kesan sampingan, kerana mereka "
            "boleh membantu."
        ),
        "consent_edit": True,
    },
    {
        "slug": "sarita-breast-cancer-ne-demo",
        "language": "ne",
        "display_name": "सरिता",
        "age": 50,
        "country": "NP",
        "status": Story.Status.CANCER_FREE,
        "status_year": 2021,
        "cancer_type": "breast-cancer",
        "short_line": "हरेक बिहान चिया पिउँदै हिमाल हेर्दा म आभारी महसुस गर्छु।",
        "text": (
            "मलाई स्तन क्यान्सर भएको थाहा पाउँदा म धेरै डराएँ। मेरो मनमा धेरै प्रश्नहरू थिए, "
            "तर कसलाई सोध्ने थाहा थिएन।\n\n"
            "अस्पतालकी नर्स दिदीले मलाई सबै कुरा बिस्तारै बुझाउनुभयो। मैले शल्यक्रिया र "
            "केमोथेरापी गराएँ। केमोथेरापीको बेला म धेरै थाकेँ र कपाल पनि झर्‍यो, तर मेरो "
            "परिवारले मलाई साथ दियो।\n\n"
            "मैले डाक्टरलाई सोध्ने प्रश्नहरू एउटा कापीमा लेख्न थालेँ। त्यसले मलाई धेरै "
            "मद्दत गर्‍यो।\n\n"
            "अहिले म नियमित जाँचका लागि अस्पताल जान्छु। जाँच अघि अझै पनि अलिकति डर लाग्छ, "
            "तर त्यो सामान्य हो भनेर नर्सले भन्नुभयो। उपचार सुरु गर्दै हुनुहुन्छ भने आफ्नो "
            "स्वास्थ्य टोलीलाई आफ्नो मनको कुरा भन्न नहिचकिचाउनुहोस्।"
        ),
        "consent_quote": True,
    },
    {
        "slug": "lakshmi-triple-negative-ta-demo",
        "language": "ta",
        "display_name": "லட்சுமி",
        "age": 46,
        "country": "IN",
        "status": Story.Status.CANCER_FREE,
        "status_year": 2020,
        "cancer_type": "triple-negative-breast-cancer",
        "short_line": "ஒவ்வொரு நாளும் சிறிய மகிழ்ச்சிகளைக் கவனிக்கக் கற்றுக்கொண்டேன்.",
        "text": (
            "எனக்கு மார்பகப் புற்றுநோய் இருப்பது தெரிந்தபோது எனக்கு நாற்பத்து இரண்டு வயது. "
            "முதலில் என்ன செய்வது என்று தெரியவில்லை. என் மருத்துவர் ஒவ்வொரு படியையும் "
            "பொறுமையாக விளக்கினார்.\n\n"
            "கீமோதெரபி சிகிச்சையின் போது நான் மிகவும் சோர்வாக இருந்தேன். என் கணவரும் "
            "மகளும் எனக்கு உணவு சமைத்துக் கொடுத்தார்கள். ஒவ்வொரு நாளும் கொஞ்ச தூரம் "
            "நடந்தேன்.\n\n"
            "மருத்துவரிடம் கேட்க வேண்டிய கேள்விகளை ஒரு சிறிய நோட்டுப் புத்தகத்தில் எழுதி "
            "வைத்தேன். அது எனக்கு மிகவும் உதவியது.\n\n"
            "இப்போது நான் தவறாமல் பரிசோதனைக்குச் செல்கிறேன். சில நாட்களில் இன்னும் "
            "கவலைப்படுகிறேன், அது இயல்பானது என்று செவிலியர் சொன்னார். சிகிச்சையைத் "
            "தொடங்குபவர்களுக்கு: உங்கள் உணர்வுகளை உங்கள் மருத்துவக் குழுவிடம் சொல்லுங்கள்."
        ),
    },
]

PENDING_FLAGGED = {
    "slug": "rob-pending-demo",
    "display_name": "Rob",
    "age": 55,
    "country": "US",
    "status": Story.Status.OTHER,
    "cancer_type": "breast-cancer",
    "short_line": "I want to share what I tried alongside my treatment.",
    "text": (
        "After my diagnosis I read a lot online, and someone in a forum told me that apricot "
        "kernels could help. I bought some before I told my doctor. When I did tell her, she "
        "explained that they can cause cyanide poisoning, and that there is no good evidence "
        "they help against cancer. I stopped. I am sharing this so that others ask their "
        "care team before trying anything, because I know how strong the wish to do "
        "something yourself can be."
    ),
}

COMMENTS = [
    # (article index, name, body, approve, staff reply (user key, body) or None, and
    # optionally the language it is written in). A reply's label comes from the
    # account: Dr Okafor's is her checked name.
    (
        0,
        "Priya",
        "Thank you for explaining this so clearly. My mum starts immunotherapy next week "
        "and we read this together. The list of questions to ask was really useful.",
        True,
        (
            "dr.okafor",
            "Thank you, Priya, and best wishes to your mum. Please remind her to tell her "
            "team about any new symptom, even a small one: side effects are easier to "
            "treat when they are caught early.",
        ),
    ),
    (
        0,
        "Ken",
        "Clear and kind. I also found the information at https://www.cancer.gov helpful "
        "when I was looking for trial information.",
        True,
        None,
    ),
    (
        1,
        "Sue",
        "Is it normal to feel this tired three weeks after my last treatment?",
        False,
        None,
    ),
    (
        0,
        "小华",
        "谢谢这篇文章，写得很清楚。我妈妈下个月开始免疫治疗，我们会把想问的问题写下来，"
        "复诊时带去问医生。",
        True,
        None,
        "zh-hans",
    ),
    (
        1,
        "Aminah",
        "Terima kasih atas penjelasan yang jelas ini. Saya akan bertanya kepada doktor saya "
        "tentang kesan sampingan pada temu janji yang akan datang.",
        True,
        None,
        "ms",
    ),
]


def portrait(seed: str, colour: tuple[int, int, int]) -> ContentFile:
    """A soft, abstract portrait-like picture made with Pillow (no real person)."""
    size = 900
    rng = random.Random(seed)
    image = Image.new("RGB", (size, size), tuple(min(255, c + 110) for c in colour))
    draw = ImageDraw.Draw(image)
    for _ in range(8):
        radius = rng.randint(80, 260)
        cx, cy = rng.randint(0, size), rng.randint(0, size)
        shade = tuple(min(255, c + rng.randint(50, 130)) for c in colour)
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=shade)
    image = image.filter(ImageFilter.GaussianBlur(30))
    draw = ImageDraw.Draw(image)
    draw.ellipse([330, 190, 570, 430], fill=colour)  # head
    draw.ellipse([200, 470, 700, 1100], fill=colour)  # shoulders
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return clean_uploaded_image(ContentFile(buffer.getvalue(), name=f"{seed}.jpg")).content


def _story(spec: dict, topics: dict[str, Topic]) -> tuple[Story, bool]:
    story = Story.objects.filter(slug=spec["slug"]).first()
    if story is not None:
        return story, False
    fields = {k: v for k, v in spec.items() if k not in {"photo", "featured", "cancer_type"}}
    story = Story(
        **fields,
        cancer_type=topics.get(spec["cancer_type"]),
        email="",
        consent_publish=True,
        consent_privacy=True,
        consented_at=timezone.now(),
        consent_version=CONSENT_VERSION,
    )
    screening = screen_text(story.display_name, story.short_line, story.text)
    story.flagged_crisis = bool(screening.crisis)
    story.flagged_medical = bool(screening.medical)
    story.flag_keywords = screening.keywords
    if spec.get("photo"):
        story.photo = portrait(spec["slug"], spec["photo"])
        story.photo_alt = f"An abstract illustration standing in for {story.shown_name}."
    story.full_clean()
    story.save()
    return story, True


def load(*, users: dict, articles: list, stdout) -> None:
    moderator = users["moderator"]
    topics = {topic.slug: topic for topic in Topic.objects.filter(kind=Topic.Kind.CANCER_TYPE)}
    for spec in [*STORIES, *STORIES_IN_OTHER_LANGUAGES]:
        story, created = _story(spec, topics)
        if created:
            story = services.approve_story(story=story, moderator=moderator)
            if spec.get("featured"):
                services.set_featured(story=story, moderator=moderator, featured=True)
            stdout.write(f"  story: {story.shown_name}")
    _story(PENDING_FLAGGED, topics)

    published = [article for article in articles if article.is_published()]
    for index, name, body, approve, reply, *language in COMMENTS:
        if index >= len(published):
            continue
        article = published[index]
        if Comment.objects.filter(article=article, name=name, body=body).exists():
            continue
        comment, _ = services.submit_comment(
            article=article,
            name=name,
            email=f"{name.lower() if name.isascii() else 'reader'}@demo.invalid",
            body=body,
            consent_privacy=True,
            language=language[0] if language else "en",
        )
        if approve:
            comment = services.approve_comment(comment=comment, moderator=moderator)
        if reply:
            username, text = reply
            services.reply_as_staff(parent=comment, author=users[username], body=text)
        stdout.write(f"  comment by {name} on {article.title}")
