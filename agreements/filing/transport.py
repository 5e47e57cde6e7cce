"""Sending a filing's messages to the county's archive system, through one small interface.

A Transport takes one Package (one message: arkivmelding.xml and the files it names) and returns
a receipt (a dict kept on the ArchiveFiling) or raises SendFailed/OSError. The first is
FolderTransport: it drops each package as a folder into settings.FILING_FOLDER, which many
archive systems watch, atomically (written under a temporary name, then renamed), so an
importer never sees half a package. Fiks IO (encrypted ASiC-E over KS's API) fits the same
interface later: a class with `name` and `send(package)`, named in settings.FILING_TRANSPORT.

The worker sends (agreements.filing.tasks.send_filing); a failed send is tried again, waiting
FILING_RETRY_SECONDS × 2^(attempt−1), until FILING_SEND_ATTEMPTS; the export page shows the
filings that failed or wait.
"""

import datetime
import hashlib
import logging
import os
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from agreements.filing.package import package_folders
from agreements.filing.schema import OPPRETT
from agreements.models import ArchiveFiling

logger = logging.getLogger(__name__)


class SendFailed(Exception):
    pass


@dataclass
class Package:
    name: str  # the folder's name: SAMREG-AVT-0000042-v3 (-oppdatering)
    message_type: str
    files: dict  # name in the package → bytes


class Transport(Protocol):
    name: str

    def send(self, package: Package) -> dict: ...


class FolderTransport:
    name = "folder"

    def __init__(self, folder):
        if not folder:
            raise ImproperlyConfigured("FILING_FOLDER: the folder the packages go into")
        self.folder = Path(folder)

    def send(self, package: Package) -> dict:
        target = self.folder / package.name
        if not target.exists():
            temporary = self.folder / f".{package.name}.{uuid.uuid4().hex}.tmp"
            try:
                temporary.mkdir(parents=False)
                for name, data in package.files.items():
                    with open(temporary / name, "wb") as out:
                        out.write(data)
                        out.flush()
                        os.fsync(out.fileno())
                os.rename(temporary, target)  # atomic on one file system
            except OSError:
                shutil.rmtree(temporary, ignore_errors=True)
                raise
        # A package already there was delivered by an earlier try: sending it again is a no-op.
        return {
            "transport": self.name,
            "path": str(target),
            "message_type": package.message_type,
            "files": {
                name: hashlib.sha256(data).hexdigest() for name, data in package.files.items()
            },
            "at": timezone.now().isoformat(),
        }


TRANSPORTS = {"folder": lambda: FolderTransport(settings.FILING_FOLDER)}


def configured_transport() -> Transport | None:
    name = settings.FILING_TRANSPORT
    if not name:
        return None
    if name not in TRANSPORTS:
        raise ImproperlyConfigured(f"FILING_TRANSPORT: {name!r} is none of {sorted(TRANSPORTS)}")
    return TRANSPORTS[name]()


def packages(filing) -> list[Package]:
    """The filing's messages, read from its export's ZIP."""
    job = filing.export_job
    if job is None or not job.archive:
        raise SendFailed("The export holding the messages is gone")
    result = []
    with job.archive.open("rb") as raw, zipfile.ZipFile(raw) as archive:
        for folder, message_type in zip(package_folders(filing), filing.messages, strict=True):
            prefix = f"{folder}/"
            files = {
                info.filename[len(prefix) :]: archive.read(info)
                for info in archive.infolist()
                if info.filename.startswith(prefix) and "/" not in info.filename[len(prefix) :]
            }
            result.append(Package(folder.rsplit("/", 1)[-1], message_type, files))
    return result


def retry_delay(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.FILING_RETRY_SECONDS * 2 ** max(0, attempts - 1))


def send(filing_id, transport: Transport | None = None) -> ArchiveFiling:
    """One try at sending a filing; records the receipt or the error, and when it failed and
    tries are left, queues the next try."""
    filing = ArchiveFiling.objects.select_related("export_job").get(pk=filing_id)
    if filing.state == ArchiveFiling.State.SENT:
        return filing  # a task delivered twice does nothing
    transport = transport or configured_transport()
    filing.attempts += 1
    try:
        if transport is None:
            raise SendFailed("No transport configured (FILING_TRANSPORT)")
        receipts = [transport.send(package) for package in packages(filing)]
    except (OSError, SendFailed, zipfile.BadZipFile) as error:
        logger.warning("Sending filing %s failed: %s", filing_id, error)
        filing.state, filing.error = ArchiveFiling.State.FAILED, str(error)[:2000]
        filing.save(update_fields=["state", "error", "attempts"])
        if filing.attempts < settings.FILING_SEND_ATTEMPTS:
            from agreements.filing.tasks import send_filing

            send_filing.using(run_after=timezone.now() + retry_delay(filing.attempts)).enqueue(
                str(filing.pk)
            )
        return filing
    filing.state, filing.error, filing.sent_at = ArchiveFiling.State.SENT, "", timezone.now()
    filing.receipt = {"messages": receipts, "first": OPPRETT in filing.messages}
    filing.save(update_fields=["state", "error", "sent_at", "receipt", "attempts"])
    return filing


def schedule_sends(job) -> int:
    """After an export: with a transport configured, its filings wait to be sent and the
    worker is asked to send each."""
    if not settings.FILING_TRANSPORT:
        return 0
    from agreements.filing.tasks import send_filing

    ids = list(job.filings.values_list("pk", flat=True))
    ArchiveFiling.objects.filter(pk__in=ids).update(state=ArchiveFiling.State.PENDING)
    for pk in ids:
        send_filing.enqueue(str(pk))
    return len(ids)


SENDS_SHOWN = 20


def unsent_filings(county) -> list:
    """The county's latest filings that wait to be sent or whose sending failed."""
    return list(
        ArchiveFiling.objects.filter(
            agreement__county=county,
            state__in=[ArchiveFiling.State.PENDING, ArchiveFiling.State.FAILED],
        )
        .select_related("agreement")
        .order_by("-filed_at")[:SENDS_SHOWN]
    )
