from django.shortcuts import render

from .models import Region


def county_options(request):
    """<option>s of a prefecture's counties, for the htmx-driven county select."""
    code = (request.GET.get("prefecture") or "").strip()
    counties = Region.objects.filter(level=Region.Level.COUNTY, parent_id=code) if code else Region.objects.none()
    return render(request, "reference/_county_options.html", {"counties": counties, "prefecture": code})
