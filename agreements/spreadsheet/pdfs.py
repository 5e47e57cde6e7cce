"""The ZIP of signed PDFs beside a sheet: refused whole when it is a ZIP bomb, has a path that
leaves the archive (../../etc/passwd, /etc/passwd, C:\\…) or is not a ZIP; each PDF is named by
its file name alone, and checked by agreements.uploads (through the agreement form) when a row
names it."""

import posixpath
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from agreements.spreadsheet.reading import SheetError
from agreements.uploads import DOCUMENT_MAX_BYTES

MAX_ZIP_BYTES = 200 * 1024 * 1024
MAX_FILES = 5_000
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
# A PDF barely compresses; a member far smaller packed than unpacked is a bomb.
MAX_RATIO = 100


class SignedPdfs:
    """The PDFs of an uploaded ZIP by file name (case-insensitive)."""

    def __init__(self, upload=None):
        self.archive = None
        self.members = {}
        if upload is None:
            return
        if upload.size > MAX_ZIP_BYTES:
            raise SheetError(
                _("The ZIP file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_ZIP_BYTES)}
            )
        try:
            self.archive = zipfile.ZipFile(upload)
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            raise SheetError(_("The file of signed PDFs is not a ZIP file.")) from None
        if len(infos) > MAX_FILES:
            raise SheetError(
                _("The ZIP file holds more than %(limit)s files.") % {"limit": MAX_FILES}
            )
        unpacked = 0
        for info in infos:
            if _leaves_archive(info.filename):
                raise SheetError(
                    _("The ZIP file has a path outside the archive (%(name)s). Nothing was read.")
                    % {"name": info.filename}
                )
            unpacked += info.file_size
            if unpacked > MAX_UNPACKED_BYTES or (
                info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * info.compress_size
            ):
                raise SheetError(
                    _(
                        "The ZIP file unpacks to far more than it holds (a ZIP bomb). Nothing was "
                        "read."
                    )
                )
            if not info.is_dir():
                self.members[posixpath.basename(info.filename).casefold()] = info

    def __contains__(self, name) -> bool:
        return name.strip().casefold() in self.members

    def upload(self, name):
        """The member as an uploaded file for the agreement form, read no further than the
        document limit (one byte over: the form says it is too large)."""
        info = self.members[name.strip().casefold()]
        with self.archive.open(info) as handle:
            content = handle.read(DOCUMENT_MAX_BYTES + 1)
        return SimpleUploadedFile(
            posixpath.basename(info.filename), content, content_type="application/pdf"
        )


def _leaves_archive(name: str) -> bool:
    if name.startswith(("/", "\\")) or "\\" in name or (len(name) > 1 and name[1] == ":"):
        return True
    return ".." in name.split("/")
