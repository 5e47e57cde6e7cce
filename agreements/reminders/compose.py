"""What every e-mail of the registry shares: links to the site and bokmål text from a
subject and a body template (templates/reminders/<name>_subject.txt and <name>.txt)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def site_url(viewname: str, *args) -> str:
    """An absolute link to a page of ours (SITE_URL), for an e-mail."""
    return settings.SITE_URL.rstrip("/") + reverse(viewname, args=args)


def bokmal_message(name: str, context: dict, to: str) -> tuple:
    """(subject, body, from, [to]), as send_mail and send_mass_mail take them, in bokmål
    whatever language the request that caused it used."""
    with translation.override("nb"):
        subject = render_to_string(f"reminders/{name}_subject.txt", context).strip()
        body = render_to_string(f"reminders/{name}.txt", context)
    return subject, body, settings.DEFAULT_FROM_EMAIL, [to]
