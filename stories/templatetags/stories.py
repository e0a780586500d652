"""Template tags for the stories app's slots on article pages and the home page.

Each tag runs one query, however many stories or comments there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe

from articles.models import Topic

from ..forms import CommentForm
from ..models import Comment, Helpline, Story
from ..models.support import helplines_by_country

register = template.Library()


@register.simple_tag
def article_stories(article, limit: int = 3) -> list[Story]:
    """Approved stories about the article's cancer types (the topics are prefetched)."""
    topic_ids = [topic.pk for topic in article.topics.all() if topic.kind == Topic.Kind.CANCER_TYPE]
    if not topic_ids:
        return []
    return list(
        Story.objects.approved()
        .for_cards()
        .filter(cancer_type__in=topic_ids)
        .newest_first()[:limit]
    )


@register.simple_tag
def home_stories(limit: int = 3) -> list[Story]:
    """Featured stories whose sharers allowed quoting on the home page."""
    return list(Story.objects.quotable().for_cards().newest_first()[:limit])


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


@dataclass
class Discussion:
    threads: list[Thread]
    count: int
    form: CommentForm


@register.simple_tag
def article_comments(article) -> Discussion:
    """Approved comments with their approved replies, in one query."""
    threads: dict[int, Thread] = {}
    replies: list[Comment] = []
    count = 0
    comments = Comment.objects.approved().filter(article=article).with_speakers()
    for comment in comments.order_by("created_at", "pk"):
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment)
            count += 1
        else:
            replies.append(comment)
    for reply in replies:
        thread = threads.get(reply.parent_id)
        if thread is not None:
            thread.replies.append(reply)
            count += 1
    return Discussion(threads=list(threads.values()), count=count, form=CommentForm())


@register.filter(needs_autoescape=True)
def plain_text_links(value, autoescape=True):
    """Reader text as safe HTML: everything escaped, web addresses made into
    rel="nofollow ugc" links, line breaks kept."""
    text = str(value or "")
    linked = urlize(text, nofollow=True, autoescape=True)
    linked = linked.replace('rel="nofollow"', 'rel="nofollow ugc"')
    paragraphs = [p.strip() for p in linked.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return mark_safe("".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs))


@register.filter
def story_paragraphs(value):
    """A story's plain text as escaped paragraphs."""
    text = str(value or "").replace("\r\n", "\n")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return mark_safe("".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs))


@register.inclusion_tag("stories/includes/support_box.html")
def support_box(country: str = "") -> dict:
    """The small "Need to talk to someone?" box on articles and stories (one query)."""
    return {"groups": helplines_by_country(Helpline.objects.in_box(), first=country or "")}


@register.inclusion_tag("stories/includes/crisis_helplines.html")
def crisis_helplines(country: str = "") -> dict:
    """Crisis lines editors keep, the writer's country first (one query)."""
    return {"groups": helplines_by_country(Helpline.objects.crisis(), first=country or "")}
