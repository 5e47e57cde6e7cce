"""The upload form: the sheet, and optionally a ZIP of signed PDFs. Cleaning it reads and
checks every row (the preview); a file that cannot be read gets its message next to it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.spreadsheet.importing import preview_rows
from agreements.spreadsheet.pdfs import SignedPdfs
from agreements.spreadsheet.reading import MAX_BYTES, SheetError


class UploadForm(forms.Form):
    sheet = forms.FileField(
        label=_("The sheet"),
        help_text=_("The template filled in, as .xlsx or as CSV (semicolon separated)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )
    pdfs = forms.FileField(
        label=_("Signed PDFs (optional)"),
        required=False,
        help_text=_("A ZIP file with the PDFs the column “Signert PDF” names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def __init__(self, *args, policy, **kwargs):
        self.policy = policy
        self.preview = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        sheet, pdfs = cleaned.get("sheet"), cleaned.get("pdfs")
        if sheet is None:
            return cleaned
        signed = None
        if pdfs:
            try:
                signed = SignedPdfs(pdfs)
            except SheetError as error:
                self.add_error("pdfs", forms.ValidationError(str(error), code="bad_zip"))
                return cleaned
        try:
            self.preview = preview_rows(sheet, signed, self.policy)
        except SheetError as error:
            self.add_error("sheet", forms.ValidationError(str(error), code="bad_sheet"))
        return cleaned


__all__ = ["MAX_BYTES", "UploadForm"]
