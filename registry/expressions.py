"""Query expressions the ORM lacks."""

from django.db import models


class CountIn(models.Expression):
    """How many of the values that `values` (a queryset of one column, `column`, which may
    refer to the outer query) gives are also in `among` (a queryset of one column):

        (SELECT COUNT(*) FROM (<values>) AS counted WHERE counted.<column> IN (<among>))

    Written so because `among` does not refer to the outer query: the database reads it once
    for the whole query (PostgreSQL hashes it once) instead of once an outer row, as it does
    when the same filter sits inside each correlated subquery. A union in `values` counts each
    value once.
    """

    output_field = models.IntegerField()

    def __init__(self, values, among, column: str):
        super().__init__()
        self.values, self.among, self.column = (
            models.Subquery(values),
            models.Subquery(among),
            column,
        )

    def get_source_expressions(self):
        return [self.values, self.among]

    def set_source_expressions(self, expressions):
        self.values, self.among = expressions

    def as_sql(self, compiler, connection):
        values_sql, values_params = compiler.compile(self.values)
        among_sql, among_params = compiler.compile(self.among)
        column = connection.ops.quote_name(self.column)
        sql = (
            f"(SELECT COUNT(*) FROM {values_sql} AS counted WHERE counted.{column} IN {among_sql})"
        )
        return sql, (*values_params, *among_params)
