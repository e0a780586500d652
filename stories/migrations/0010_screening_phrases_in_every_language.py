"""Screening phrases in Chinese, Malay, Tamil and Nepali, and the language of each phrase.

Our own first lists, written carefully but not by native speakers of every language:
someone who speaks each language, ideally with clinical experience of crisis work,
should review them (the admin filters the list by language for that). Moderators add,
retire and correct phrases in the admin; this migration only seeds them.

Phrase syntax is the one stories/screening.py documents: `|` gives choices for one
word, `*` a short gap. Chinese is matched anywhere in the text; Tamil and Nepali words
match with endings added, so a stem such as "தற்கொலை" also finds "தற்கொலைக்கு".
"""

from django.db import migrations

NOTE = "Initial list in this language (issue 12); needs review by a native speaker"

CRISIS = {
    "zh-hans": [
        "自杀",  # suicide
        "轻生",  # to take one's own life
        "寻死",  # to seek death
        "想死",  # want to die (also "miss you to death" in 想死你了: a false alarm we accept)
        "不想活",  # do not want to live
        "活不下去",  # cannot go on living
        "活着没意思",  # there is no point being alive
        "结束生命",  # end (my) life
        "结束自己的生命",  # end my own life
        "了结自己",  # finish myself off
        "一了百了",  # end it all
        "没有我会更好",  # (they) would be better off without me
        "伤害自己",  # hurt myself
        "自残",  # self-harm
        "割腕",  # cut my wrists
        "跳楼",  # jump from a building
    ],
    "ms": [
        "bunuh diri",  # suicide, kill oneself
        "membunuh diri",
        "nak|mahu|ingin|hendak mati",  # want to die
        "tak|tidak mahu|nak|ingin hidup",  # do not want to live
        "lebih baik mati",  # better off dead
        "lebih baik tanpa saya",  # better off without me
        "tamatkan|menamatkan|akhiri|mengakhiri hidup|nyawa",  # end my life
        "ambil|mengambil nyawa sendiri",  # take my own life
        "tiada sebab untuk hidup",  # no reason to live
        "tak ada sebab untuk hidup",
        "cederakan|mencederakan diri",  # hurt myself
    ],
    "ta": [
        "தற்கொலை",  # suicide (with endings: தற்கொலைக்கு, தற்கொலையை …)
        "சாக வேண்டும்",  # (I) want to die
        "சாகவேண்டும்",
        "சாகணும்",  # want to die (spoken)
        "சாக விரும்புகிறேன்",  # I wish to die
        "இறந்துவிட வேண்டும்",  # I want to die
        "இறந்து போக வேண்டும்",
        "வாழ விருப்பமில்லை",  # no wish to live
        "வாழ விரும்பவில்லை",  # do not want to live
        "வாழ பிடிக்கவில்லை",  # do not like living
        "உயிரை மாய்த்து",  # take my own life (உயிரை மாய்த்துக்கொள்ள …)
        "வாழ்க்கையை முடித்து",  # end my life (வாழ்க்கையை முடித்துக்கொள்ள …)
        "என்னை நானே காயப்படுத்த",  # hurt myself
        "சுய தீங்கு",  # self-harm
    ],
    "ne": [
        "आत्महत्या",  # suicide (with endings: आत्महत्याको, आत्महत्या गर्छु …)
        "मर्न मन लाग्छ|लाग्यो|लागेको|लाग्थ्यो|लागिरहेको",  # I feel like dying
        "मर्न चाहन्छु",  # I want to die
        "बाँच्न मन छैन",  # I do not feel like living
        "बाँच्न मन लाग्दैन",
        "बाँच्नुको अर्थ छैन",  # there is no point living
        "जीवन अन्त्य गर",  # end my life (गर्छु, गर्ने …)
        "जीवन समाप्त गर",
        "आफूलाई|आफैलाई|आफैंलाई चोट पुर्या",  # hurt myself (पुर्‍याएँ, पुर्‍याउँछु …)
        "म नभए राम्रो",  # (everyone would be) better off without me
    ],
}

MEDICAL_CLAIM = {
    "zh-hans": [
        "治愈癌症",  # cures cancer
        "根治癌症",  # cures cancer at the root
        "治好了我的癌",  # cured my cancer
        "抗癌神药",  # miracle cancer drug
        "神药",  # miracle drug
        "偏方",  # folk remedy
        "秘方",  # secret remedy
        "代替化疗",  # instead of chemotherapy
        "不用化疗",  # no need for chemotherapy
        "拒绝化疗",  # refused chemotherapy
        "苦杏仁",  # bitter apricot kernels
        "饿死癌细胞",  # starve the cancer cells
        "排毒",  # detox
    ],
    "ms": [
        "sembuhkan|menyembuhkan kanser",  # cures cancer
        "penawar kanser",  # a cure for cancer
        "ubat ajaib",  # miracle medicine
        "tolak|menolak kemo|kemoterapi",  # refused chemo
        "ganti|menggantikan kemo|kemoterapi",  # instead of chemo
        "biji aprikot",  # apricot kernels
        "diet alkali",  # alkaline diet
        "detoks",  # detox
    ],
    "ta": [
        "புற்றுநோயை குணப்படுத்",  # cures cancer (குணப்படுத்தும், குணப்படுத்தியது …)
        "அதிசய மருந்து",  # miracle medicine
        "கீமோ பதிலாக",  # instead of chemo (கீமோதெரபிக்குப் பதிலாக)
    ],
    "ne": [
        "क्यान्सर निको पार",  # cures cancer (निको पार्छ, निको पार्ने …)
        "चमत्कारी औषध",  # miracle medicine (औषधि, औषधी)
        "केमो छोड",  # stopped chemo (केमोथेरापी छोडें …)
        "केमो सट्टा",  # instead of chemo (केमोथेरापीको सट्टा)
    ],
}


def normalised(phrase: str) -> str:
    # As ScreeningKeyword.save() stores it (historical models lack that method).
    return " ".join(phrase.lower().split())


def seed(apps, schema_editor):
    keyword = apps.get_model("stories", "ScreeningKeyword")
    # Everything listed until now was written in English.
    keyword.objects.filter(language="").update(language="en")
    for kind, lists in (("crisis", CRISIS), ("medical_claim", MEDICAL_CLAIM)):
        for language, phrases in lists.items():
            for phrase in phrases:
                keyword.objects.get_or_create(
                    kind=kind,
                    phrase=normalised(phrase),
                    defaults={"language": language, "note": NOTE},
                )


def unseed(apps, schema_editor):
    keyword = apps.get_model("stories", "ScreeningKeyword")
    keyword.objects.filter(note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("stories", "0009_languages")]

    operations = [migrations.RunPython(seed, unseed)]
