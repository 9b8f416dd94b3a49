import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
application = get_wsgi_application()

# Before the first request, not inside it (every request waits while one thread holds the
# interpreter): the table of where phone numbers are, read from var/cache or made there, and
# the tz database's zone names, read from the disk, and the reply classifier: its phrase tables
# (the engine imports it only when a reply comes in) and its learned backstop, read from
# var/cache or fitted there.
import steadfast.compliance.optout  # noqa: E402, F401
from steadfast import phone_place  # noqa: E402 - needs the settings above
from steadfast.compliance import optout_learned  # noqa: E402
from steadfast.tz import known_zones  # noqa: E402

phone_place.warm()
known_zones()
optout_learned.warm()
