from __future__ import annotations

from django import template

from steadfast import clock
from steadfast.firms.models import Firm
from steadfast.returns.selectors import closing_soon_count

register = template.Library()


@register.simple_tag
def returns_closing_soon(firm: Firm) -> int:
    """Returnable leads whose vendor window closes within 24 hours (the nav badge)."""
    return closing_soon_count(firm=firm, now=clock.now())
