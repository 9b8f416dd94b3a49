"""Replies that might be a stop and wait for a person's decision, wherever people look."""

from __future__ import annotations

from typing import Any

from django import template

from steadfast.compliance.selectors import reply_reviews_pending

register = template.Library()

SHOWN = 20


@register.inclusion_tag("web/replies/awaiting.html", takes_context=True)
def replies_awaiting(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    firm = getattr(request, "firm", None)
    reviews = list(reply_reviews_pending(firm=firm)[: SHOWN + 1]) if firm is not None else []
    return {"reviews": reviews[:SHOWN], "more": len(reviews) > SHOWN, "request": request}
