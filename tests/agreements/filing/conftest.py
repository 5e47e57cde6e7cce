"""Filing: the schema directories every message is validated against, and agreements to file.

Every message is validated against the vendored schemas (agreements/filing/schemas/) and, where
the workplace's copy ../shared/fiks-arkiv/ exists beside the project (in CI), against that one
too."""

import hashlib
import io
import zipfile

import pytest
from django.conf import settings
from lxml import etree

from agreements.filing.schema import SCHEMA_DIR, validate

SHARED_SCHEMAS = settings.BASE_DIR.parent / "shared" / "fiks-arkiv"
SCHEMA_DIRS = [SCHEMA_DIR] + ([SHARED_SCHEMAS] if SHARED_SCHEMAS.is_dir() else [])
NS = {
    "a": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1",
    "u": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/oppdater/v1",
    "m": "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1",
}


def validate_everywhere(xml: bytes, message_type: str) -> None:
    for directory in SCHEMA_DIRS:
        validate(xml, message_type, directory)


def xpath(xml: bytes, path: str) -> list:
    return etree.fromstring(xml).xpath(path, namespaces=NS)


def texts(xml: bytes, path: str) -> list[str]:
    return [element.text for element in xpath(xml, path)]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def zip_of(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


@pytest.fixture(params=SCHEMA_DIRS, ids=[d.parent.name for d in SCHEMA_DIRS])
def schema_dir(request):
    return request.param
