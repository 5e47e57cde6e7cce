"""Files kept in private storage, sent to the one who may have them (signed documents, export
archives): never from a public root."""

from django.http import FileResponse, Http404


def stored_file_response(field_file, **options) -> FileResponse:
    """The stored file as a response, or Http404 when the storage has lost it. `options` are
    FileResponse's (content_type, filename, as_attachment)."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    return FileResponse(handle, **options)
