from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Feedback


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Was this page helpful?"),
        choices=Feedback.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose one of the answers.")},
    )
    message = forms.CharField(
        label=_("Anything to add? (optional)"),
        help_text=_(
            "Please do not include personal medical details. We cannot answer medical questions."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Left empty by people; filled by bots that complete every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "feedback-%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("This form could not be sent. Please leave the last field empty and try again.")
            )
        if cleaned.get("kind") == Feedback.Kind.ERROR and not cleaned.get("message", "").strip():
            self.add_error("message", _("Please tell us what looks wrong so we can fix it."))
        return cleaned
