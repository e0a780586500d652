from __future__ import annotations

from django import forms
from django.utils import timezone

from .models import SignOff, Specialist


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Approve or request changes",
        choices=SignOff.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose Approve or Request changes."},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text="Required when you ask for changes: tell the editor what to change. "
        'With an approval, a short note such as "Updated the side-effects section".',
    )
    public_note = forms.BooleanField(
        label="Show my comment in the article's public change history",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == SignOff.Decision.REQUEST_CHANGES
            and not (data.get("comment") or "").strip()
        ):
            self.add_error("comment", "Please tell the editor what needs to change.")
        if data.get("public_note") and not (data.get("comment") or "").strip():
            self.add_error("public_note", "Write a comment to show in the change history.")
        return data


class SubmitForReviewForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label="Reviewer",
        queryset=Specialist.objects.none(),
        required=False,
        empty_label="Any verified reviewer",
        help_text="The reviewer gets an email. Leave empty to let any verified reviewer "
        "pick it up from their queue.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = Specialist.objects.verified()


class VerifyForm(forms.Form):
    valid_until = forms.DateField(
        label="Registration valid until",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The expiry date shown on the council's register.",
    )

    def clean_valid_until(self):
        value = self.cleaned_data["valid_until"]
        if value <= timezone.localdate():
            raise forms.ValidationError("Choose a date in the future.")
        return value
