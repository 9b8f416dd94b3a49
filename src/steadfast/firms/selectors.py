from __future__ import annotations

from steadfast.firms.models import Firm


class FirmNotFound(Exception):
    pass


def firm_for_command(*, slug: str | None) -> Firm:
    """The firm a command means: the one named, or the only one there is."""
    if slug:
        firm = Firm.objects.filter(slug=slug).first()
        if firm is None:
            known = ", ".join(Firm.objects.values_list("slug", flat=True)) or "none yet"
            raise FirmNotFound(f"no firm with slug {slug!r} (firms: {known})")
        return firm
    firms = list(Firm.objects.all()[:2])
    if not firms:
        raise FirmNotFound("there is no firm yet: run `steadfast serve` once, or create one")
    if len(firms) > 1:
        raise FirmNotFound("there are several firms: name one with --firm SLUG")
    return firms[0]
