"""Bringing a county's existing agreements in from a spreadsheet (/ansatt/import/): the template,
reading an uploaded XLSX or CSV and a ZIP of signed PDFs, checking every row with the agreement
form's own rules and the permission policy, a preview that saves nothing, the import in the
background worker, and the export of the user's agreements to the same template."""
