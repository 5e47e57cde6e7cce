"""The refresh's tests run against the registers' stand-in (orgs/refresh/stand_in.py): a real
HTTP server on 127.0.0.1 that answers in the registers' shapes, with faults on demand."""

import pytest

from orgs.refresh.stand_in import RegisterStandIn
from orgs.regions import load_regions
from tests.factories import orgnr_for

RETRIES = 2


@pytest.fixture
def registers(db, settings):
    """The stand-in, the refresh pointed at it, backoff waits of a few milliseconds."""
    load_regions()
    with RegisterStandIn() as stand_in:
        for name, value in stand_in.settings.items():
            setattr(settings, name, value)
        settings.REGISTER_HTTP_RETRIES = RETRIES
        settings.REGISTER_HTTP_BACKOFF_SECONDS = 0.001
        settings.REGISTER_HTTP_MAX_WAIT_SECONDS = 0.01
        yield stand_in


def main_unit(n: int, name: str, **fields) -> dict:
    """A main unit as Enhetsregisteret's search gives it, in Stavanger."""
    return {
        "organisasjonsnummer": orgnr_for(n),
        "navn": name,
        "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap"},
        "naeringskode1": {"kode": "43.210", "beskrivelse": "Elektrisk installasjonsarbeid"},
        "antallAnsatte": 12,
        "forretningsadresse": {
            "land": "Norge",
            "landkode": "NO",
            "postnummer": "4006",
            "poststed": "STAVANGER",
            "adresse": ["Kirkegata 1"],
            "kommune": "STAVANGER",
            "kommunenummer": "1103",
        },
        "konkurs": False,
        "underAvvikling": False,
        "underTvangsavviklingEllerTvangsopplosning": False,
        "_links": {"self": {"href": f"stand-in/enheter/{orgnr_for(n)}"}},
        **fields,
    }


def sub_unit(n: int, name: str, main: int) -> dict:
    """A sub-unit of main unit `main`, as the sub-unit search gives it."""
    return {
        "organisasjonsnummer": orgnr_for(n),
        "navn": name,
        "overordnetEnhet": orgnr_for(main),
        "organisasjonsform": {"kode": "BEDR", "beskrivelse": "Underenhet til næringsdrivende"},
        "naeringskode1": {"kode": "43.210", "beskrivelse": "Elektrisk installasjonsarbeid"},
        "antallAnsatte": 4,
        "beliggenhetsadresse": {
            "land": "Norge",
            "landkode": "NO",
            "postnummer": "4006",
            "poststed": "STAVANGER",
            "adresse": ["Torget 2"],
            "kommune": "STAVANGER",
            "kommunenummer": "1103",
        },
        "_links": {"self": {"href": f"stand-in/underenheter/{orgnr_for(n)}"}},
    }
