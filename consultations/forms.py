from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import bootstrapify

from .models import BODY_MAX


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("留言内容"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": BODY_MAX}),
        help_text=_("简要说明您想了解的问题（%(n)d 字以内）。对方答复后会通知您。") % {"n": BODY_MAX},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class ReplyForm(MessageForm):
    """The same field in a thread, without the first question's help text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = ""
