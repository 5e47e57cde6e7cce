"""What the tables kept from the agreements share (coverage.py, party_state.py): the public rule
read on the status and valid_to they copy, and their one way of being written again."""

from django.db import connections, models, transaction

from agreements.models.agreement import AgreementQuerySet


class KeptRowsQuerySet(models.QuerySet):
    def public(self, today=None):
        """The rows of public agreements: the public rule on the copied status and valid_to."""
        return self.filter(AgreementQuerySet.public_condition(today))


def rewrite_rows(model, columns: str, rows, agreement_ids, using: str) -> None:
    """Replaces `model`'s rows of the agreements with these ids (every row with None) by `rows`
    (a values() queryset whose columns are `columns`, in order, already narrowed to those
    agreements): a DELETE and an INSERT … SELECT in one transaction, without signals (these
    rows are no page's data of their own)."""
    stale = model.objects.using(using)
    if agreement_ids is not None:
        stale = stale.filter(agreement_id__in=agreement_ids)
    select, params = rows.query.sql_with_params()
    with transaction.atomic(using=using, savepoint=False):
        stale._raw_delete(using)
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {model._meta.db_table} ({columns}) SELECT * FROM ({select}) kept",
                params,
            )
