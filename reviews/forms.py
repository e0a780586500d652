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


class CredentialCheckForm(forms.Form):
    registration_expires = forms.DateField(
        label="Registration valid until",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The expiry date the register shows for this registration.",
    )
    evidence = forms.CharField(
        label="Evidence",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="What you looked at: the register's web page and the date you read it, "
        "a certificate you saw, who you spoke to.",
    )

    def clean_registration_expires(self):
        value = self.cleaned_data["registration_expires"]
        if value <= timezone.localdate():
            raise forms.ValidationError("The registration must be valid after today.")
        return value


class VoidCheckForm(forms.Form):
    reason = forms.CharField(
        label="Why does the check no longer hold?",
        max_length=250,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="For example: the register shows the registration as suspended.",
    )
