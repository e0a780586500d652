from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from eduportal import pagecache
from eduportal.csrf import public_form_view, refuse_unproven
from eduportal.i18n import html_lang

from . import services, translated
from .forms import FeedbackForm
from .glossary import explain_terms, published_entries
from .models import (
    Article,
    ArticleRevision,
    ArticleTranslation,
    GlossaryTerm,
    Topic,
    translation_languages,
)
from .search import normalise_query, search_articles
from .structured_data import article_json_ld


def home(request: HttpRequest) -> HttpResponse:
    published = Article.objects.published().for_cards().newest_first()
    featured = SimpleLazyObject(lambda: list(published.filter(featured=True)[:3]))
    # Lazy: read only when the page's cached fragment has to be rendered again.
    latest = SimpleLazyObject(lambda: list(published.exclude(pk__in=[a.pk for a in featured])[:6]))
    topics = SimpleLazyObject(
        lambda: list(
            Topic.objects.filter(pk__in=Article.objects.published().values("topics")).order_by(
                "kind", "position", "name"
            )
        )
    )
    return render(
        request, "articles/home.html", {"featured": featured, "latest": latest, "topics": topics}
    )


class ArticleListView(pagecache.VersionedCountPaginator, ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        queryset = Article.objects.published().for_cards().newest_first()
        self.topic = None
        self.tag = None
        topic_slug = self.request.GET.get("topic", "").strip()[:80]
        if topic_slug:
            # No slug holds a NUL character, and PostgreSQL refuses one in a query.
            if "\x00" not in topic_slug:
                self.topic = self._by_slug(Topic, topic_slug)
            if self.topic is None:
                raise Http404("No such topic.")
            queryset = queryset.filter(topics=self.topic)
        if "tag_slug" in self.kwargs:
            self.tag = self._by_slug(Tag, self.kwargs["tag_slug"])
            if self.tag is None:
                raise Http404("No such tag.")
            queryset = queryset.filter(tags__slug=self.tag.slug)
        return queryset

    def _by_slug(self, model, slug: str):
        """A topic or tag, read once per content version."""
        return pagecache.memo(
            model._meta.label,
            slug,
            compute=lambda: model.objects.filter(slug=slug).first(),
            request=self.request,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topic"] = self.topic
        context["tag"] = self.tag
        # Lazy: only read when the page's cached fragment has to be rendered again.
        context["topics"] = SimpleLazyObject(
            lambda: pagecache.memo(
                "article-topic-counts", compute=topics_with_counts, request=self.request
            )
        )
        return context


def topics_with_counts() -> list[Topic]:
    return list(
        Topic.objects.annotate(
            published_count=Count("articles", filter=Q(articles__in=Article.objects.published()))
        )
        .filter(published_count__gt=0)
        # Spelled out: an aggregate's GROUP BY query may come back in any order (after a
        # restore it did).
        .order_by("kind", "position", "name")
    )


def related_articles(article: Article, *, limit: int = 3) -> list[Article]:
    """Published articles sharing the most topics and tags with this one, in one query."""
    topic_ids = [topic.pk for topic in article.topics.all()]
    tag_ids = [tag.pk for tag in article.tags.all()]
    if not topic_ids and not tag_ids:
        return []
    return list(
        Article.objects.published()
        .exclude(pk=article.pk)
        .select_related("approved_revision")
        .annotate(
            shared_topics=Count("topics", filter=Q(topics__in=topic_ids), distinct=True),
            shared_tags=Count(
                "tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True
            ),
        )
        .filter(Q(shared_topics__gt=0) | Q(shared_tags__gt=0))
        .with_public_translation(cards=True)
        .order_by("-shared_topics", "-shared_tags", "-published_at")[:limit]
    )


class ArticleDetailView(pagecache.VersionedObjectMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"
    preview = False

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("approved_revision", "author")
            .prefetch_related("topics", "tags")
        )

    translation = None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        language = translated.active_language()
        # The article's public translations, kept under the content version (a warm
        # page reads them without a query): the chooser lists them, and a page in
        # another language shows its translation, or sends the reader to English.
        self.translations = (
            {}
            if self.preview
            else pagecache.memo(
                "article-translations",
                self.object.pk,
                compute=lambda: translated.public_translations_of(self.object),
                request=request,
            )
        )
        if not self.preview and not translated.is_source_language(language):
            self.translation = self.translations.get(language)
            if self.translation is None:
                return redirect(translated.untranslated_url(self.object, language))
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def get_revision(self):
        if self.translation is not None:
            return translated.TranslatedText(
                self.translation.approved_revision,
                self.object.approved_revision,
                self.translation.language,
            )
        return self.object.approved_revision

    def untranslated_notice(self) -> dict | None:
        """On the English page, reached from a language the article is not (or no
        longer) public in: which language, and whether it was withdrawn for re-review."""
        code = self.request.GET.get(translated.UNTRANSLATED_PARAM, "")
        names = dict(translation_languages())
        if self.translation is not None or code not in names or code in self.translations:
            return None
        withdrawn = code in translated.withdrawn_languages(self.object)
        return {"code": code, "lang": html_lang(code), "name": names[code], "withdrawn": withdrawn}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        revision = self.get_revision()
        if self.translation is not None:
            # The glossary is in English: its explanations stay off translated text.
            body_html = revision.body_html
        else:
            # The first use of each glossary term explained in place (presentation
            # only: the signed-off HTML is unchanged); the terms are kept under the
            # content version, so a warm page reads them without a query.
            body_html = SimpleLazyObject(
                lambda: explain_terms(
                    revision.body_html,
                    pagecache.memo(
                        "glossary-entries", compute=published_entries, request=self.request
                    ),
                )
            )
        # Lazy: computed only when the template fragment that shows them is rendered,
        # not when it comes from the fragment cache.
        context.update(
            revision=revision,
            translation=self.translation,
            translation_lang=html_lang(self.translation.language) if self.translation else "",
            untranslated_notice=None if self.preview else self.untranslated_notice(),
            english_url=translated.english_url(article),
            body_html=body_html,
            preview=self.preview,
            related=SimpleLazyObject(lambda: related_articles(article)),
            feedback_form=FeedbackForm(),
            # The renditions of the pictures this revision shows (kept with the revision).
            body_image_renditions=[figure.get("renditions") or {} for figure in revision.figures],
            json_ld=lambda: article_json_ld(
                article, revision, self.request, translation=self.translation
            ),
        )
        if not self.preview:
            context["language_alternates"] = translated.article_alternates(
                article, self.translations
            )
        return context


@method_decorator([never_cache, staff_member_required], name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """Staff see any article, and any of its revisions, exactly as it would appear."""

    preview = True

    def get_queryset(self):
        return Article.objects.select_related("approved_revision", "author").prefetch_related(
            "topics", "tags"
        )

    def get_revision(self) -> ArticleRevision:
        number = self.request.GET.get("revision", "")
        revisions = self.object.revisions.select_related("created_by")
        if number.isdigit():
            return get_object_or_404(revisions, number=int(number))
        latest = revisions.order_by("-number").first()
        if latest is None:
            latest = services.record_revision(article=self.object, by=self.request.user)
        return latest

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm("articles.view_article"):
            raise Http404
        response = super().get(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        return response


@public_form_view
@require_POST
def feedback(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), slug=slug)
    form = FeedbackForm(request.POST)
    refused = refuse_unproven(request, form)
    if not refused and form.is_valid():
        services.record_feedback(
            article=article, kind=form.cleaned_data["kind"], message=form.cleaned_data["message"]
        )
        # Shown inside the feedback section, where the reader is (not at the page top).
        messages.success(
            request, _("Thank you. Our editors read every message."), extra_tags="feedback"
        )
        return redirect(f"{article.get_absolute_url()}#feedback-thanks")
    return render(
        request,
        "articles/feedback_error.html",
        {"article": article, "feedback_form": form, "form_token": True},
        status=403 if refused else 400,
    )


def search(request: HttpRequest) -> HttpResponse:
    query = normalise_query(request.GET.get("q"))
    # The same question asked again gets the same answer until public content changes.
    # Kept per language (pagecache.memo): the reader's language comes first.
    language = get_language()
    outcome = pagecache.memo(
        "search", query, compute=lambda: search_articles(query, language=language), request=request
    )
    paginator = Paginator(outcome.results, 10)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "articles/search.html",
        {"outcome": outcome, "page_obj": page, "query": outcome.query},
    )


def questions(request: HttpRequest, slug: str) -> HttpResponse:
    """The article's questions to ask your care team, on a page that prints on its own."""
    article = get_object_or_404(
        Article.objects.published().select_related("approved_revision"), slug=slug
    )
    revision = article.approved_revision
    language = translated.active_language()
    if not translated.is_source_language(language):
        # The questions in the reader's language, from the signed-off translation only.
        found = (
            ArticleTranslation.objects.public()
            .in_language(language)
            .filter(article=article)
            .select_related("approved_revision")
            .first()
        )
        if found is None:
            return redirect(translated.untranslated_url(article, language))
        revision = translated.TranslatedText(found.approved_revision, revision, language)
    if not revision.questions:
        raise Http404("This article has no questions to print.")
    return render(request, "articles/questions.html", {"article": article, "revision": revision})


def glossary(request: HttpRequest) -> HttpResponse:
    """Every published glossary term, A to Z, each with its own anchor, in the words a
    clinician approved."""
    terms = list(GlossaryTerm.objects.published().order_by("approved_term"))
    letters: dict[str, list[GlossaryTerm]] = {}
    for term in terms:
        letters.setdefault(term.letter, []).append(term)
    alphabet = [(letter, letter in letters) for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] + (
        [("#", True)] if "#" in letters else []
    )
    return render(
        request,
        "articles/glossary.html",
        {
            "groups": sorted(letters.items(), key=lambda item: (item[0] == "#", item[0])),
            "alphabet": alphabet,
        },
    )
