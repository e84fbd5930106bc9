"""Form helpers for the prefecture → county pair that organisations and records share."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from .models import Region


class RegionFieldsMixin:
    """The county select lists only the chosen prefecture's counties; htmx refills it when the
    prefecture changes (``reference:county_options``). A county chosen without a prefecture
    fills the prefecture in."""

    def setup_region_fields(self) -> None:
        if "prefecture" not in self.fields or "county" not in self.fields:
            return
        prefectures = Region.objects.filter(level=Region.Level.PREFECTURE)
        self.fields["prefecture"].queryset = prefectures
        counties = Region.objects.filter(level=Region.Level.COUNTY)
        prefecture_code = self._chosen_prefecture()
        if prefecture_code:
            counties = counties.filter(parent_id=prefecture_code)
        elif not self.is_bound:
            counties = counties.none()  # nothing to offer until a prefecture is chosen
        self.fields["county"].queryset = counties
        self.fields["prefecture"].empty_label = _("请选择地市")
        self.fields["county"].empty_label = _("请选择区县") if prefecture_code else _("请先选择地市")
        self.fields["prefecture"].widget.attrs.update(
            {
                "hx-get": str(reverse_lazy("reference:county_options")),
                "hx-target": f"#{self['county'].auto_id}",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )

    def _chosen_prefecture(self) -> str:
        if self.is_bound:
            return (self.data.get(self.add_prefix("prefecture")) or "").strip()
        initial = self.initial.get("prefecture")
        if initial:
            return str(getattr(initial, "pk", initial))
        instance = getattr(self, "instance", None)
        return getattr(instance, "prefecture_id", None) or ""

    def clean(self):
        data = super().clean()
        county = data.get("county")
        if county is not None and not data.get("prefecture"):
            data["prefecture"] = county.parent
        elif county is not None and data.get("prefecture") and county.parent_id != data["prefecture"].pk:
            self.add_error("county", forms.ValidationError(_("区县不属于所选地市。")))
        return data
