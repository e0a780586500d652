from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from articles.models import Topic
from eduportal.fields import VerifiedImageFormField
from eduportal.i18n import html_lang

from .models import ContentNote, Story
from .models.comments import COMMENT_MAX_CHARS
from .models.languages import language_choices, page_language
from .models.stories import SHORT_LINE_MAX_CHARS, STORY_MAX_CHARS, story_min_chars
from .services import StoryData


class LanguageSelect(forms.Select):
    """A select of languages, each option marked with its own `lang` (the names are
    written in the languages themselves: "नेपाली")."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = html_lang(str(value))
        return option


class HoneypotMixin(forms.Form):
    # Left empty by people; filled by bots that complete every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def honeypot_filled(self) -> bool:
        return bool(self.data.get("website", "").strip())


class StoryForm(HoneypotMixin):
    """The share form and the sharer's edit form (on their private page)."""

    display_name = forms.CharField(
        label=_("Your name, as you would like it shown"),
        max_length=80,
        help_text=_("A first name is enough."),
        error_messages={"required": _("Please tell us the name to show.")},
    )
    publish_anonymously = forms.BooleanField(
        label=_("Publish without my name (show only my first initial)"), required=False
    )
    # A text box with a numeric keyboard, not type="number": a browser empties a number
    # box holding "fifty", so the person would lose what they typed and see no message.
    age = forms.IntegerField(
        label=_("Your age (optional)"),
        required=False,
        min_value=1,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={
            "min_value": _("Please enter an age between 1 and 120."),
            "max_value": _("Please enter an age between 1 and 120."),
            "invalid": _("Please enter your age as a number, for example 54."),
        },
    )
    country = forms.ChoiceField(
        label=_("Country"),
        error_messages={
            "required": _("Please choose your country."),
            "invalid_choice": _("Please choose your country from the list."),
        },
    )
    status = forms.ChoiceField(
        label=_("Where you are today"),
        choices=Story.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose the option closest to where you are today."),
            "invalid_choice": _("Please choose one of the options."),
        },
    )
    status_year = forms.IntegerField(
        label=_("Since which year? (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
        help_text=_('For example 2023, shown as "Cancer-free since 2023".'),
        error_messages={"invalid": _("Please enter a year, for example 2023.")},
    )
    cancer_type = forms.ModelChoiceField(
        label=_("Type of cancer"),
        queryset=Topic.objects.filter(kind=Topic.Kind.CANCER_TYPE),
        empty_label=_("Choose a cancer type"),
        error_messages={
            "required": _("Please choose the type of cancer your story is about."),
            "invalid_choice": _("Please choose a cancer type from the list."),
        },
    )
    short_line = forms.CharField(
        label=_("In one line, how do you feel today?"),
        max_length=SHORT_LINE_MAX_CHARS,
        help_text=format_lazy(
            _("Shown on your story's card. At most {count} characters."),
            count=SHORT_LINE_MAX_CHARS,
        ),
        error_messages={"required": _("Please write one line on how you feel today.")},
    )
    text = forms.CharField(
        label=_("Your story"),
        # The shortest story allowed depends on its language (see clean()).
        max_length=STORY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={
            "required": _("Please write your story."),
            "max_length": format_lazy(
                _(
                    "Your story can be at most {limit} characters (it has {count}). "
                    "Please shorten it a little."
                ),
                limit=f"{STORY_MAX_CHARS:,}",
                count="%(show_value)d",
            ),
        },
    )
    language = forms.ChoiceField(
        label=_("The language your story is written in"),
        required=False,
        choices=language_choices,
        widget=LanguageSelect,
        help_text=_("Readers can find stories in their language."),
        error_messages={"invalid_choice": _("Please choose a language from the list.")},
    )
    content_notes = forms.MultipleChoiceField(
        label=_("Content notes (optional)"),
        choices=ContentNote.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick any your story touches on, so readers can choose when to read it."),
    )
    photo = VerifiedImageFormField(
        # The fieldset's legend already says "A photo (optional)".
        label=_("Choose a photo to upload"),
        required=False,
        label_for_errors="photo",
        help_text=_("JPEG, PNG or WebP, up to 10 MB. We remove location and camera details."),
    )
    photo_alt = forms.CharField(
        label=_("Describe your photo in a few words"),
        required=False,
        max_length=250,
        help_text=_('For people who cannot see it, e.g. "Maria smiling on a beach".'),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_(
            "Private: never shown. We send you a link to see, change or withdraw "
            "your story, and our decision."
        ),
        error_messages={
            "required": _("Please give your email address so you can manage your story."),
            "invalid": _("Please enter an email address like name@example.com."),
        },
    )
    consent_publish = forms.BooleanField(
        label=_(
            "I agree that my story, name as chosen above and photo may be published on this site."
        ),
        error_messages={"required": _("We can only publish your story with your permission.")},
    )
    consent_privacy = forms.BooleanField(
        label=_("I have read the privacy notice."),
        error_messages={"required": _("Please confirm you have read the privacy notice.")},
    )
    consent_edit = forms.BooleanField(
        label=_("Our moderators may lightly shorten my story (optional)."), required=False
    )
    consent_quote = forms.BooleanField(
        label=_("You may quote my story on the home page (optional)."), required=False
    )

    # The order the fields appear on the page, so the error summary lists problems in
    # the same order as the form.
    field_order = [
        "display_name", "publish_anonymously", "age", "country", "cancer_type", "status",
        "status_year", "short_line", "language", "text", "content_notes", "remove_photo", "photo",
        "photo_alt", "email", "consent_publish", "consent_privacy", "consent_edit",
        "consent_quote",
    ]  # fmt: skip

    def __init__(self, *args, story: Story | None = None, **kwargs):
        self.story = story
        if story is not None and not kwargs.get("data"):
            kwargs.setdefault("initial", self.initial_from(story))
        kwargs.setdefault("auto_id", "story-%s")
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Choose your country")), *countries]
        # The page's language is preselected: most people write in the language they
        # read the site in.
        language = story.language if story is not None else page_language()
        self.fields["language"].initial = language
        self.fields["text"].help_text = self.text_help(language)

    @staticmethod
    def text_help(language: str) -> str:
        return format_lazy(
            _(
                "Plain text, between {min} and {max} characters. Please leave out other "
                "people's names and your doctors' names."
            ),
            min=story_min_chars(language),
            max=f"{STORY_MAX_CHARS:,}",
        )

    @staticmethod
    def initial_from(story: Story) -> dict:
        return {
            "display_name": story.display_name,
            "publish_anonymously": story.publish_anonymously,
            "age": story.age,
            "country": story.country.code if story.country else "",
            "status": story.status,
            "status_year": story.status_year,
            "cancer_type": story.cancer_type_id,
            "short_line": story.short_line,
            "text": story.text,
            "language": story.language,
            "content_notes": story.content_notes,
            "photo_alt": story.photo_alt,
            "email": story.email,
            "consent_publish": story.consent_publish,
            "consent_privacy": story.consent_privacy,
            "consent_edit": story.consent_edit,
            "consent_quote": story.consent_quote,
        }

    def clean_status_year(self):
        year = self.cleaned_data.get("status_year")
        if year is not None and not (1900 <= year <= timezone.now().year):
            raise forms.ValidationError(
                _("Please enter a year between 1900 and %(year)s.") % {"year": timezone.now().year}
            )
        return year

    def clean_language(self):
        # Not sent (an older form, or a script): the language of the page.
        return self.cleaned_data.get("language") or page_language()

    def clean(self):
        cleaned = super().clean()
        has_photo = cleaned.get("photo") or (self.story is not None and self.story.photo)
        if has_photo and not cleaned.get("photo_alt", "").strip():
            self.add_error("photo_alt", _("Please describe your photo in a few words."))
        text = cleaned.get("text")
        if text is not None and "language" in cleaned:
            # Counted in characters, as written (Chinese needs fewer: see Story).
            minimum = story_min_chars(cleaned["language"])
            if len(text) < minimum:
                self.add_error(
                    "text",
                    _(
                        "Your story needs at least %(min)d characters (it has %(count)d). "
                        "A few more sentences are enough."
                    )
                    % {"min": minimum, "count": len(text)},
                )
        return cleaned

    def story_data(self) -> StoryData:
        data = self.cleaned_data
        return StoryData(
            display_name=data["display_name"],
            publish_anonymously=data["publish_anonymously"],
            age=data["age"],
            country=data["country"],
            status=data["status"],
            status_year=data["status_year"],
            cancer_type=data["cancer_type"],
            short_line=data["short_line"],
            text=data["text"],
            language=data["language"],
            content_notes=list(data["content_notes"]),
            photo_alt=data["photo_alt"].strip(),
            email=data["email"],
            consent_publish=data["consent_publish"],
            consent_privacy=data["consent_privacy"],
            consent_edit=data["consent_edit"],
            consent_quote=data["consent_quote"],
        )


class StoryEditForm(StoryForm):
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("remove_photo") and not cleaned.get("photo"):
            # Removing the photo needs no description.
            self.errors.pop("photo_alt", None)
        return cleaned


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw my story and delete it"),
        error_messages={"required": _("Please tick the box to confirm.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "withdraw-%s")
        super().__init__(*args, **kwargs)


class CommentForm(HoneypotMixin):
    name = forms.CharField(
        label=_("Your name"),
        max_length=80,
        help_text=_("Shown with your comment. A first name is enough."),
        error_messages={"required": _("Please tell us the name to show.")},
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("Private: never shown."),
        error_messages={
            "required": _("Please give your email address."),
            "invalid": _("Please enter an email address like name@example.com."),
        },
    )
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Plain text. Please do not share personal medical details. We read every "
            "comment before it appears."
        ),
        error_messages={
            "required": _("Please write your comment."),
            "max_length": format_lazy(
                _("Your comment can be at most {limit} characters (it has {count})."),
                limit=f"{COMMENT_MAX_CHARS:,}",
                count="%(show_value)d",
            ),
        },
    )
    email_updates = forms.BooleanField(
        label=_("Email me when my comment is published and when someone replies (optional)."),
        required=False,
        help_text=_("Each email has a link to stop them in one click."),
    )
    consent_privacy = forms.BooleanField(
        label=_("I have read the privacy notice."),
        error_messages={"required": _("Please confirm you have read the privacy notice.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "comment-%s")
        super().__init__(*args, **kwargs)


class ResendLinkForm(HoneypotMixin):
    """ "Send me my link again", for sharers whose private link expired or got lost."""

    email = forms.EmailField(
        label=_("The email address you shared your story with"),
        error_messages={
            "required": _("Please enter your email address."),
            "invalid": _("Please enter an email address like name@example.com."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "link-%s")
        super().__init__(*args, **kwargs)
