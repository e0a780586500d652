"""Stories and comments in any of the site's languages: chosen, saved, marked with
`lang`, filtered by, and emailed about in that language."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from stories import services
from stories.models import Comment, ScreeningKeyword, Story
from tests.factories import editor_user
from tests.translation_factories import public_translation

from .factories import CommentFactory, StoryFactory, share_post

pytestmark = pytest.mark.django_db

# 120 characters of Chinese: a short story, but as long as about 400 letters of English.
CHINESE_STORY = (
    "确诊以后我很害怕，但是护士一直陪着我。她教我把问题写在本子上，每次复诊都带去问医生。"
    "治疗的时候我很累，家人帮我做饭，朋友陪我散步。现在我每天早上去公园走一走，心里"
    "平静了很多。如果你刚开始治疗，请告诉医护团队你的感受，他们会帮助你。"
)
NEPALI_LINE = "हरेक बिहान म आभारी महसुस गर्छु।"


def in_language(code: str, name: str, **kwargs) -> str:
    with translation.override(code):
        return reverse(name, **kwargs)


def get_in(client, code: str, name: str, **kwargs):
    """GET the page in a language; the test then goes on in the default language."""
    with translation.override(code):
        return client.get(reverse(name, **kwargs))


def post_in(client, code: str, name: str, data: dict, **kwargs):
    with translation.override(code):
        return client.post(reverse(name, **kwargs), data)


# Choosing and saving the language


def test_share_form_saves_the_language_the_sharer_chose(client, topic):
    response = client.post(reverse("stories:share"), share_post(topic, language="ms"))
    assert response.status_code == 302
    assert Story.objects.get().language == "ms"


def test_share_form_without_a_language_takes_the_page_language(client, topic):
    post_in(client, "ne", "stories:share", share_post(topic))
    assert Story.objects.get().language == "ne"


def test_share_form_preselects_the_page_language_with_each_option_marked(client):
    html = get_in(client, "ta", "stories:share").content.decode()
    select = re.search(r'<select name="language".*?</select>', html, re.S).group(0)
    assert '<label for="story-language">' in html
    assert '<option value="ta" selected lang="ta">தமிழ்</option>' in select
    assert '<option value="zh-hans" lang="zh-Hans">简体中文</option>' in select


@pytest.mark.parametrize("value", ["xx", "klingon", "<script>", "en-US", "zh-hant"])
def test_share_form_refuses_an_unknown_language_with_a_message(client, topic, value):
    response = client.post(reverse("stories:share"), share_post(topic, language=value))
    assert response.status_code == 200
    assert "Please choose a language from the list." in response.content.decode()
    assert not Story.objects.exists()


def test_chinese_story_counts_characters_with_a_lower_minimum(client, topic):
    assert 100 <= len(CHINESE_STORY) < 300
    post = share_post(topic, language="zh-hans", text=CHINESE_STORY)
    assert client.post(reverse("stories:share"), post).status_code == 302
    refused = client.post(reverse("stories:share"), share_post(topic, text=CHINESE_STORY))
    assert "Your story needs at least 300 characters (it has" in refused.content.decode()
    too_short = client.post(
        reverse("stories:share"), share_post(topic, language="zh-hans", text=CHINESE_STORY[:60])
    )
    assert "Your story needs at least 100 characters (it has 60)" in too_short.content.decode()
    assert Story.objects.get().language == "zh-hans"


def test_model_refuses_unknown_language_and_short_chinese_story():
    story = StoryFactory.build(language="xx")
    with pytest.raises(Exception) as error:
        story.full_clean(exclude=["cancer_type", "slug"])
    assert "language" in error.value.message_dict
    story = StoryFactory.build(language="zh-hans", text=CHINESE_STORY[:50])
    with pytest.raises(Exception) as error:
        story.full_clean(exclude=["cancer_type", "slug"])
    assert "text" in error.value.message_dict


def test_private_page_keeps_and_changes_the_language(client, topic):
    story = StoryFactory(language="ne", moderation_status="pending")
    url = reverse("stories:manage", kwargs={"token": services.manage_token(story)})
    html = client.get(url).content.decode()
    assert '<option value="ne" selected lang="ne">नेपाली</option>' in html
    client.post(url + "edit/", share_post(topic, language="ta"))
    story.refresh_from_db()
    assert story.language == "ta"


def test_sharer_emails_are_in_the_language_of_the_story_with_links_to_match(
    client, topic, mod, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("stories:share"), share_post(topic, language="ms"))
    sharer, moderators = mail.outbox
    assert "/ms/stories/manage/" in sharer.body and "/ms/stories/link/" in sharer.body
    # Moderators read the site's default language.
    assert "/ms/" not in moderators.body
    story = Story.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_story(story=story, moderator=mod)
    assert f"/ms/stories/{story.slug}/" in mail.outbox[0].body


def test_comment_takes_the_language_of_the_page_it_was_posted_from(client, article):
    post = {
        "name": "Aminah",
        "email": "aminah@example.org",
        "body": "Terima kasih atas penjelasan ini.",
        "consent_privacy": "on",
        "website": "",
    }
    assert in_language("ms", "stories:comment", kwargs={"slug": article.slug}).startswith("/ms/")
    response = post_in(client, "ms", "stories:comment", post, kwargs={"slug": article.slug})
    assert response.status_code == 302
    assert Comment.objects.get().language == "ms"
    client.post(reverse("stories:comment", kwargs={"slug": article.slug}), post)
    assert Comment.objects.latest("pk").language == "en"


def test_comment_form_on_a_translated_page_posts_to_that_language(client, article):
    # An article exists in Nepali only with a signed-off Nepali translation.
    public_translation(article, "ne")
    html = get_in(client, "ne", "articles:detail", kwargs={"slug": article.slug})
    assert html.status_code == 200
    action = in_language("ne", "stories:comment", kwargs={"slug": article.slug})
    assert f'action="{action}"' in html.content.decode()


def test_staff_reply_is_in_the_language_of_the_comment_unless_chosen(article):
    parent = CommentFactory(article=article, language="zh-hans")
    editor = editor_user(username="ed")
    reply = services.reply_as_staff(parent=parent, author=editor, body="谢谢你的留言。")
    assert reply.language == "zh-hans"
    other = services.reply_as_staff(parent=parent, author=editor, body="Thank you.", language="en")
    assert other.language == "en"


# lang on every page that shows a story or comment


def test_story_page_marks_quote_and_text_with_the_story_language(client):
    story = StoryFactory(language="zh-hans", short_line="每天都是新的一天。", text=CHINESE_STORY)
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<p class="lead story-quote" lang="zh-Hans">“每天都是新的一天。”</p>' in html
    assert '<div class="prose story-text" lang="zh-Hans"><p>确诊以后' in html
    assert 'Written in <span lang="zh-Hans">简体中文</span>' in html
    english = StoryFactory()
    html = client.get(english.get_absolute_url()).content.decode()
    assert '<div class="prose story-text" lang="en">' in html and "Written in" not in html


def test_story_cards_and_home_quotes_mark_the_story_language(client, mod):
    story = StoryFactory(language="ne", short_line=NEPALI_LINE, consent_quote=True)
    services.set_featured(story=story, moderator=mod, featured=True)
    cards = client.get(reverse("stories:list")).content.decode()
    assert f'<p class="story-quote" lang="ne">“{NEPALI_LINE}”</p>' in cards
    home = client.get(reverse("articles:home")).content.decode()
    assert f'<blockquote lang="ne"><p>“{NEPALI_LINE}”</p></blockquote>' in home


def test_article_page_marks_each_comment_with_its_language(client, article):
    CommentFactory(article=article, language="ta", body="மிக்க நன்றி.")
    CommentFactory(article=article, body="Thank you.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<div class="comment-text" lang="ta"><p>மிக்க நன்றி.</p></div>' in html
    assert '<div class="comment-text" lang="en"><p>Thank you.</p></div>' in html


def test_article_page_shows_related_story_cards_with_their_language(client, article):
    StoryFactory(language="ms", short_line="Saya rasa lebih kuat hari ini.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<p class="story-quote" lang="ms">“Saya rasa lebih kuat hari ini.”</p>' in html


# The story list's language filter


def test_story_list_filters_by_language_with_counts(client):
    StoryFactory(language="ne", display_name="Sarita")
    StoryFactory(language="ne", display_name="Bimala")
    StoryFactory(language="ms", display_name="Siti")
    StoryFactory(display_name="Maria")
    html = client.get(reverse("stories:list") + "?language=ne").content.decode()
    assert "Sarita" in html and "Bimala" in html
    assert "Siti" not in html and "Maria" not in html
    assert '<label for="filter-language">Written in</label>' in html
    assert '<option value="ne" lang="ne" selected>नेपाली (2)</option>' in html
    assert '<option value="ms" lang="ms">Bahasa Melayu (1)</option>' in html
    # Languages without a story are not offered.
    assert 'value="ta"' not in html.split('id="filter-language"')[1].split("</select>")[0]


@pytest.mark.parametrize("value", ["xx", "<script>alert(1)</script>", "ne" * 40, "%00", "NE "])
def test_story_list_ignores_an_unknown_language(client, value):
    StoryFactory(language="ne", display_name="Sarita")
    StoryFactory(display_name="Maria")
    response = client.get(reverse("stories:list"), {"language": value})
    assert response.status_code == 200
    html = response.content.decode()
    if value == "NE ":  # Read like "ne": capitals and spaces do not matter.
        assert "Sarita" in html and "Maria" not in html
    else:
        assert "Sarita" in html and "Maria" in html
        assert "<script>alert(1)</script>" not in html


def test_language_filter_keeps_to_the_pages_of_its_results(client, settings):
    for index in range(30):
        StoryFactory(language="ta", display_name=f"Tamil{index:02d}")
    StoryFactory(display_name="Rosalind")
    first = client.get(reverse("stories:list") + "?language=ta").content.decode()
    assert first.count('class="card story-card"') == 24
    assert "?language=ta&amp;page=2" in first
    second = client.get(reverse("stories:list") + "?language=ta&page=2").content.decode()
    assert second.count('class="card story-card"') == 6 and "Rosalind" not in second
    assert "30 stories" in second


def test_filtered_story_list_keeps_its_query_budget(client, django_assert_max_num_queries):
    for index in range(30):
        StoryFactory(language=["ne", "ms", "en"][index % 3], country=["NP", "MY", "GB"][index % 3])
    # The same budget as the unfiltered list (test_views), whatever the filter.
    with django_assert_max_num_queries(6):
        html = client.get(reverse("stories:list") + "?language=ne").content.decode()
    assert html.count('class="card story-card"') == 10
    with django_assert_max_num_queries(6):
        client.get(reverse("stories:list") + "?language=ms&country=MY&page=1")
    with django_assert_max_num_queries(6):
        get_in(client, "ne", "stories:list")


def test_unfiltered_list_shows_the_readers_language_first(client):
    StoryFactory(language="ne", display_name="Older Nepali")
    StoryFactory(display_name="Newer English")
    english = client.get(reverse("stories:list")).content.decode()
    assert english.index("Newer English") < english.index("Older Nepali")
    assert "Stories written in English come first." in english
    nepali = get_in(client, "ne", "stories:list").content.decode()
    assert nepali.index("Older Nepali") < nepali.index("Newer English")
    # Filtered, or in a language with no story, the order is simply newest first.
    tamil = get_in(client, "ta", "stories:list").content.decode()
    assert tamil.index("Newer English") < tamil.index("Older Nepali")
    assert "come first" not in tamil


# Moderation admin


def test_moderation_admin_shows_and_filters_by_language(client, mod, article):
    client.force_login(mod)
    StoryFactory(language="ta", moderation_status="pending", short_line="Tamil story")
    StoryFactory(moderation_status="pending", short_line="English story")
    url = reverse("admin:stories_story_changelist")
    html = client.get(url, {"language": "ta"}).content.decode()
    names = re.findall(r'<td class="field-written_in">([^<]*)</td>', html)
    assert names == ["தமிழ்"]
    all_languages = client.get(url).content.decode()
    assert sorted(re.findall(r'<td class="field-written_in">([^<]*)</td>', all_languages)) == [
        "English",
        "தமிழ்",
    ]
    comments = reverse("admin:stories_comment_changelist")
    CommentFactory(article=article, language="ms", status="pending")
    CommentFactory(article=article, status="pending")
    html = client.get(comments, {"language": "ms"}).content.decode()
    assert re.findall(r'<td class="field-written_in">([^<]*)</td>', html) == ["Bahasa Melayu"]


# Demo


def test_demo_has_approved_stories_and_comments_in_other_languages(media_root):
    call_command("load_demo", stdout=io.StringIO())
    languages = set(Story.objects.approved().values_list("language", flat=True))
    assert {"en", "zh-hans", "ms", "ne", "ta"} <= languages
    demo = Story.objects.approved().exclude(language="en")
    assert not demo.filter(flagged_crisis=True).exists()
    assert not demo.filter(flagged_medical=True).exists()
    assert demo.filter(consent_publish=True, consent_privacy=True).count() == demo.count()
    assert set(Comment.objects.approved().values_list("language", flat=True)) >= {"zh-hans", "ms"}
    count = Story.objects.count(), Comment.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert (Story.objects.count(), Comment.objects.count()) == count


def test_staff_reply_from_the_admin_starts_in_the_comments_language(client, article):
    from tests.reviews.factories import verified_specialist

    profile = verified_specialist(full_name="Mei Tan")
    client.force_login(profile.user)
    comment = CommentFactory(article=article, language="zh-hans", body="谢谢医生。")
    url = reverse("admin:stories_comment_change", args=[comment.pk])
    html = client.get(url).content.decode()
    assert re.search(r'<option value="zh-hans" selected>简体中文</option>', html)
    client.post(url, {"reply": "不客气，祝你早日康复。", "reply_language": "zh-hans"})
    assert Comment.objects.get(parent=comment).language == "zh-hans"
    client.post(url, {"reply": "Please ask your nurse too.", "reply_language": "en"})
    assert Comment.objects.filter(parent=comment).latest("pk").language == "en"
    refused = client.post(url, {"reply": "Hello", "reply_language": "xx"})
    assert refused.status_code == 200 and Comment.objects.filter(parent=comment).count() == 2


def test_moderators_tag_a_keyword_with_its_language(client, mod):
    client.force_login(mod)
    url = reverse("admin:stories_screeningkeyword_add")
    client.post(
        url, {"kind": "crisis", "phrase": "hidup tiada makna", "language": "ms", "active": "on"}
    )
    assert ScreeningKeyword.objects.get(phrase="hidup tiada makna").language == "ms"
    listing = client.get(reverse("admin:stories_screeningkeyword_changelist"), {"language": "ta"})
    assert "தற்கொலை" in listing.content.decode()
