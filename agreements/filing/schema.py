"""Validation of our messages against the KS Fiks Arkiv V1 XML schemas.

The schemas are vendored unchanged in agreements/filing/schemas/ (MIT, see SOURCE.md there), so
a clone of the project validates without anything beside it."""

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
OPPRETT = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett"
OPPDATER = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.oppdater"
SCHEMA_FILES = (
    f"{OPPRETT}.xsd",
    f"{OPPDATER}.xsd",
    "metadatakatalog.xsd",
    "kodelister.xsd",
)


class InvalidMessage(ValueError):
    """The message breaks the schema; the text lists the schema's complaints."""


@cache
def _schema(directory: str, message_type: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(Path(directory) / f"{message_type}.xsd")))


def validate(xml: bytes, message_type: str, directory: Path = SCHEMA_DIR) -> None:
    """Raises InvalidMessage unless `xml` is valid against the message type's schema in
    `directory` (the vendored copy unless told)."""
    schema = _schema(str(directory), message_type)
    document = etree.fromstring(xml)
    if not schema.validate(document):
        errors = "; ".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        raise InvalidMessage(errors)
