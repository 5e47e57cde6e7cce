"""One agreement as a PDF/A-2a (tagged, A4, bokmål), in two versions.

- The public version holds what the public page /avtaler/<id>/ shows, nothing more.
- The archival version, for the agreement's own staff and the county's coordinators, holds
  every field, the signatories, the status, a summary of the history, when it was made and a
  stable document identifier. The signed document is not embedded (PDF/A-2 forbids it): the
  archive export puts it beside the PDF.

Rendering is split in two so that an export can make the HTML in one process (it needs the
database) and the PDF in others (pure CPU): `render_html` here and `html_to_pdf` in
agreements.exports.pdf_engine, which imports no Django.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements.exports.pdf_engine import html_to_pdf
from agreements.history import _changes
from agreements.models import Agreement

IDENTIFIER_PREFIX = "SAMREG-AVT"


def document_identifier(agreement) -> str:
    """Stable for the life of the agreement: the archive registers every version under it."""
    return f"{IDENTIFIER_PREFIX}-{agreement.pk:07d}"


def pdf_filename(agreement) -> str:
    return f"{document_identifier(agreement)}.pdf"


@dataclass
class HistoryLine:
    when: object
    who: str
    version: int
    text: str


def history_records(agreement_ids) -> dict[int, list]:
    """Every agreement's historical records, oldest first, in one query."""
    records = {}
    queryset = (
        Agreement.history.filter(id__in=list(agreement_ids))
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    for record in queryset:
        records.setdefault(record.id, []).append(record)
    return records


def summarise_history(records) -> list[HistoryLine]:
    """One line per change, oldest first: who, when, which fields changed."""
    lines, previous = [], None
    for record in records:
        who = _person(record.history_user)
        if previous is None:
            text = _("Created")
        else:
            labels = [change.label for change in _changes(previous, record)]
            text = (
                _("Changed: %(fields)s") % {"fields": ", ".join(labels)} if labels else _("Saved")
            )
        lines.append(HistoryLine(record.history_date, who, record.version, text))
        previous = record
    return lines


def _person(user) -> str:
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


def metadata(agreement) -> dict:
    """What goes into the document's XMP metadata: title, subject, keywords and the parties."""
    parties = [f"{p.organisation.name} ({p.organisation.orgnr})" for p in agreement.parties.all()]
    keywords = [
        _("cooperation agreement"),
        *(t.name for t in agreement.cooperation_types.all()),
        *(p.organisation.orgnr for p in agreement.parties.all()),
    ]
    subject = _("Cooperation agreement between %(parties)s, valid %(start)s–%(end)s") % {
        "parties": ", ".join(p.organisation.name for p in agreement.parties.all()),
        "start": agreement.valid_from.strftime("%d.%m.%Y"),
        "end": agreement.valid_to.strftime("%d.%m.%Y"),
    }
    return {"title": agreement.title, "subject": subject, "keywords": keywords, "parties": parties}


def render_html(agreement, *, archival: bool, history=None, generated_at=None) -> str:
    """The document as HTML, in bokmål. `agreement` comes from for_listing(); for the archival
    version also select_related("renews", "created_by", "updated_by") and pass `history`
    (the records from history_records), or it is read here in one more query.
    """
    with translation.override("nb"):
        if archival and history is None:
            history = history_records([agreement.pk]).get(agreement.pk, [])
        return render_to_string(
            "exports/pdf/agreement.html",
            {
                "agreement": agreement,
                "archival": archival,
                "identifier": document_identifier(agreement),
                "meta": metadata(agreement),
                "history": summarise_history(history) if archival else [],
                "generated_at": timezone.localtime(generated_at or timezone.now()),
                # The public version names only a public framework (the public rule).
                "framework": agreement.framework
                if agreement.framework_id and (archival or agreement.framework.is_public())
                else None,
                "created_by": _person(agreement.created_by) if archival else "",
                "updated_by": _person(agreement.updated_by) if archival else "",
            },
        )


def render_pdf(agreement, *, archival: bool, history=None, generated_at=None) -> bytes:
    return html_to_pdf(
        render_html(agreement, archival=archival, history=history, generated_at=generated_at)
    )
