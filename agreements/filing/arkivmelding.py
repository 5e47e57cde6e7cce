"""An agreement as KS Fiks Arkiv V1 messages (Noark 5 based XML), valid against the schemas in
agreements/filing/schemas/.

- The first filing is one `arkivmelding.opprett`: a mappe for the agreement (its
  referanseEksternNoekkel is our system and the agreement's stable identifier, so the archive
  knows a second filing of it) and in it a registrering of type arkivnotat for the version
  filed, with the sealed archival PDF/A as hoveddokument and the signed document as vedlegg.
- A later filing (a new version) is a new registrering in the same mappe (`opprett` again,
  placed by referanseForelderMappe): the update message `arkivmelding.oppdater` carries no
  documents, and a new version of the agreement is a new document. When the mappe's title,
  keywords or parties changed, an `arkivmelding.oppdater` (mappeOppdateringer) says so.

Text goes into the XML as text (lxml escapes it): a title with "<b>" stays those characters.
"""

from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from agreements.exports.pdf import document_identifier
from agreements.filing.schema import OPPDATER, OPPRETT

NS_OPPRETT = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1"
NS_OPPDATER = (
    "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/oppdater/v1"
)
NS_MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SYSTEM = "Samarbeidsregisteret"  # <system> and every referanseEksternNoekkel's fagsystem
HOVEDDOKUMENT = ("H", "Hoveddokument")
VEDLEGG = ("V", "Vedlegg")
ARKIVFORMAT = ("A", "Arkivformat")
PRODUKSJONSFORMAT = ("P", "Produksjonsformat")
AVTALE = ("AVTALE", "Avtale")  # dokumenttype, from the example code list of the metadata catalogue
FERDIG = ("F", "Dokumentet er ferdigstilt")


@dataclass(frozen=True)
class FiledFile:
    """One file of a message, as the message names it."""

    role: tuple  # HOVEDDOKUMENT or VEDLEGG
    title: str
    filename: str  # the file's own name (may hold æøå)
    reference: str  # its name in the package: referanseDokumentfil
    sha256: str
    size: int
    format_code: str  # "fmt/477" (PDF/A-2a) or the file's extension
    format_name: str
    mime_type: str
    variant: tuple = ARKIVFORMAT


@dataclass
class Metadata:
    """What the mappe says of the agreement; kept on the filing to update it later."""

    title: str
    public_title: str
    keywords: list = field(default_factory=list)
    parties: list = field(default_factory=list)  # [(partID, name, role code, role name, orgnr)]

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "public_title": self.public_title,
            "keywords": list(self.keywords),
            "parties": [list(p) for p in self.parties],
        }

    @classmethod
    def from_json(cls, data) -> "Metadata":
        return cls(
            data.get("title", ""),
            data.get("public_title", ""),
            list(data.get("keywords", [])),
            [tuple(p) for p in data.get("parties", [])],
        )


def registration_key(agreement) -> str:
    """The registrering's own key: one per version filed."""
    return f"{document_identifier(agreement)}-v{agreement.version}"


def public_title(agreement) -> str:
    """offentligTittel: built from the education parties (schools, school owners, training
    offices, universities: public bodies, never people) and the cooperation types, never from
    the free-text title, which may name a person; the companies may be sole proprietorships
    named after their owner, so they are counted, not named."""
    parties = list(agreement.parties.all())
    education = sorted({p.organisation.name for p in parties if p.is_education_party})
    others = sum(1 for p in parties if not p.is_education_party)
    types = ", ".join(t.name_nb for t in agreement.cooperation_types.all())
    text = _("Cooperation agreement %(identifier)s: %(education)s") % {
        "identifier": document_identifier(agreement),
        "education": ", ".join(education) or "–",
    }
    if others:
        text += " " + _("and %(count)s partner(s)") % {"count": others}
    return f"{text} ({types})" if types else text


def metadata(agreement) -> Metadata:
    """The agreement's mappe metadata, in bokmål. `agreement` comes from for_listing()."""
    with translation.override("nb"):
        keywords = [
            *(t.name_nb for t in agreement.cooperation_types.all()),
            *(a.title_nb for a in agreement.programme_areas.all()),
            *(t.title_nb for t in agreement.trades.all()),
        ]
        parties = [
            (
                p.organisation.orgnr,
                p.organisation.name,
                p.role,
                str(p.get_role_display()),
                p.organisation.orgnr,
            )
            for p in agreement.parties.all()
        ]
        return Metadata(agreement.title, public_title(agreement), keywords, parties)


# --- Building -------------------------------------------------------------------------------


def _sub(parent, tag, text=None, ns=NS_OPPRETT):
    element = etree.SubElement(parent, f"{{{ns}}}{tag}")
    if text is not None:
        element.text = str(text)
    return element


def _code(parent, tag, code, ns=NS_OPPRETT):
    """A kode (M800): its children are of the metadata catalogue's namespace."""
    element = _sub(parent, tag, ns=ns)
    _sub(element, "kode", code[0], ns=NS_MDK)
    _sub(element, "beskrivelse", code[1], ns=NS_MDK)
    return element


def _external_key(parent, tag, key, ns=NS_OPPRETT):
    element = _sub(parent, tag, ns=ns)
    _sub(element, "fagsystem", SYSTEM, ns=NS_MDK)
    _sub(element, "noekkel", key, ns=NS_MDK)
    return element


def _reference(parent, tag, key, ns=NS_OPPRETT):
    """A referanseTilMappe or referanseTilRegistrering by our external key."""
    element = _sub(parent, tag, ns=ns)
    _external_key(element, "referanseEksternNoekkel", key, ns=NS_MDK)
    return element


def _part(parent, party, tag="part", ns=NS_OPPRETT):
    """A part (the opprett schema's type, so its children are of that namespace)."""
    party_id, name, role, role_name, orgnr = party
    element = _sub(parent, tag, ns=ns)
    _sub(element, "partID", party_id)
    _sub(element, "partNavn", name)
    _code(element, "partRolle", (role, role_name))
    organisation = _sub(element, "organisasjonID")
    _sub(organisation, "identifikator", orgnr)
    _sub(organisation, "landkode", "NO")
    return element


def _when(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _document(parent, number: int, filed: FiledFile, when):
    description = _sub(parent, "dokumentbeskrivelse")
    _code(description, "dokumenttype", AVTALE)
    _code(description, "dokumentstatus", FERDIG)
    _sub(description, "tittel", filed.title)
    _sub(description, "opprettetDato", when)
    _code(description, "tilknyttetRegistreringSom", filed.role)
    _sub(description, "dokumentnummer", number)
    document = _sub(description, "dokumentobjekt")
    _sub(document, "versjonsnummer", 1)
    _code(document, "variantformat", filed.variant)
    _code(document, "format", (filed.format_code, filed.format_name))
    _sub(document, "mimeType", filed.mime_type)
    _sub(document, "filnavn", filed.filename)
    _sub(document, "referanseDokumentfil", filed.reference)
    _sub(document, "sjekksum", filed.sha256)
    _sub(document, "sjekksumAlgoritme", "SHA256")
    _sub(document, "filstoerrelse", filed.size)


def _serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def opprett(agreement, files: list[FiledFile], *, first: bool, generated_at=None) -> bytes:
    """arkivmelding.xml of `no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett`: with the
    agreement's mappe when `first`, else the new registrering alone, placed in that mappe."""
    generated_at = generated_at or timezone.now()
    meta = metadata(agreement)
    identifier = document_identifier(agreement)
    root = etree.Element(f"{{{NS_OPPRETT}}}arkivmelding", nsmap={None: NS_OPPRETT, "xsi": XSI})
    _sub(root, "system", SYSTEM)
    _sub(root, "antallFiler", len(files))
    if first:
        folder = _sub(root, "mappe")
        _sub(folder, "tittel", meta.title)
        _sub(folder, "offentligTittel", meta.public_title)
        for keyword in meta.keywords:
            _sub(folder, "noekkelord", keyword)
        _sub(folder, "opprettetDato", _when(agreement.created_at))
        for party in meta.parties:
            _part(folder, party)
        _external_key(folder, "referanseEksternNoekkel", identifier)
    registration = _sub(root, "registrering")
    registration.set(f"{{{XSI}}}type", "arkivnotat")
    _sub(registration, "opprettetDato", _when(generated_at))
    _reference(registration, "referanseForelderMappe", identifier)
    for party in meta.parties:
        _part(registration, party)
    for number, filed in enumerate(files, start=1):
        _document(registration, number, filed, _when(generated_at))
    with translation.override("nb"):
        _sub(registration, "tittel", meta.title)
        _sub(registration, "offentligTittel", meta.public_title)
        _sub(
            registration,
            "beskrivelse",
            _("Version %(version)s, valid %(start)s–%(end)s, status: %(status)s")
            % {
                "version": agreement.version,
                "start": agreement.valid_from.strftime("%d.%m.%Y"),
                "end": agreement.valid_to.strftime("%d.%m.%Y"),
                "status": agreement.get_status_display(),
            },
        )
    for keyword in meta.keywords:
        _sub(registration, "noekkelord", keyword)
    _sub(registration, "forfatter", SYSTEM)
    _external_key(registration, "referanseEksternNoekkel", registration_key(agreement))
    _sub(registration, "dokumentetsDato", (agreement.signed_on or agreement.valid_from).isoformat())
    _sub(registration, "antallVedlegg", sum(1 for f in files if f.role == VEDLEGG))
    return _serialise(root)


def oppdater(agreement, before: Metadata) -> bytes | None:
    """`no.ks.fiks.arkiv.v1.arkivering.arkivmelding.oppdater` for the agreement's mappe, or
    None when its title, keywords and parties are as filed `before`."""
    now = metadata(agreement)
    if now.as_json() == before.as_json():
        return None
    ns = NS_OPPDATER
    root = etree.Element(f"{{{ns}}}arkivmeldingOppdatering", nsmap={None: ns})
    update = _sub(root, "mappeOppdateringer", ns=ns)
    _reference(update, "referanseTilMappe", document_identifier(agreement), ns=ns)
    if now.title != before.title:
        _sub(update, "tittel", now.title, ns=ns)
    if now.public_title != before.public_title:
        _sub(update, "offentligTittel", now.public_title, ns=ns)
    if now.keywords != before.keywords:
        keywords = _sub(update, "noekkelord", ns=ns)
        for keyword in before.keywords:
            _sub(keywords, "slett", keyword, ns=ns)
        for keyword in now.keywords:
            _sub(keywords, "ny", keyword, ns=ns)
    if now.parties != before.parties:
        parties = _sub(update, "partOppdateringer", ns=ns)
        for party in before.parties:
            _sub(_sub(parties, "slett", ns=ns), "partID", party[0], ns=ns)
        for party in now.parties:
            _part(parties, party, tag="ny", ns=ns)
    return _serialise(root)


MESSAGE_TYPES = {"opprett": OPPRETT, "oppdater": OPPDATER}
