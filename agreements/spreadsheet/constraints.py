"""The model's check constraints (Meta.constraints) of many forms' instances, asked of the
database in one query instead of one a form.

A ModelForm validates its instance's constraints last (ModelForm.validate_constraints); Django
asks the database once for each check constraint of each instance (CheckConstraint.validate,
through Q.check). A form with DeferredConstraints leaves that step to check_constraints, which
builds each of those queries as Q.check builds it and asks them together (UNION ALL), adding the
errors to each form as its validate_constraints would. The constraints stay where they are
written; only the round trips are saved.
"""

import logging
from contextlib import nullcontext

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import DatabaseError, connections, router, transaction
from django.db.models import BooleanField, CheckConstraint, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.sql import Query

logger = logging.getLogger(__name__)
# SQLite's limit of terms in one compound SELECT is 500.
PER_QUERY = 400


class DeferredConstraints:
    """A ModelForm whose validate_constraints step waits for check_constraints."""

    def validate_constraints(self):
        self.constraints_pending = self._get_validation_exclusions()


def check_constraints(forms) -> None:
    """Validates the constraints of these forms' instances (each form cleaned): their check
    constraints in one query, others (none on Agreement) one by one, as Model.validate_constraints
    does."""
    checks, errors = [], {}
    for form in forms:
        exclude = form.__dict__.pop("constraints_pending", None)
        if exclude is None:
            continue
        instance = form.instance
        using = router.db_for_write(type(instance), instance=instance)
        for model, constraints in instance.get_constraints():
            for constraint in constraints:
                if isinstance(constraint, CheckConstraint):
                    query = _check_query(constraint, model, instance, exclude, len(checks), using)
                    if query is not None:
                        checks.append((form, constraint, query, using))
                    continue
                try:
                    constraint.validate(model, instance, exclude=exclude, using=using)
                except ValidationError as error:
                    _collect(errors, form, constraint, error)
    for start in range(0, len(checks), PER_QUERY):
        part = checks[start : start + PER_QUERY]
        passed = _passed(part, start)
        for index, (form, constraint, _query, _using) in enumerate(part, start=start):
            if index not in passed:
                error = ValidationError(
                    constraint.get_violation_error_message(), code=constraint.violation_error_code
                )
                _collect(errors, form, constraint, error)
    for form, found in errors.values():
        form._update_errors(ValidationError(found))


def _collect(errors, form, constraint, error) -> None:
    found = errors.setdefault(id(form), (form, {}))[1]
    if getattr(error, "code", None) == "unique" and len(getattr(constraint, "fields", ())) == 1:
        found.setdefault(constraint.fields[0], []).append(error)
    else:
        error.update_error_dict(found)


def _check_query(constraint, model, instance, exclude, index, using):
    """The query CheckConstraint.validate asks (Q.check), answering `index` when it holds; None
    when the constraint names a field left out of the check."""
    against = instance._get_field_expression_map(meta=model._meta, exclude=exclude)
    if exclude and constraint._expression_refs_exclude(model, constraint.condition, exclude):
        return None
    # Only the fields the condition names are written into the query.
    named = {name for name, *_rest in model._get_expr_references(constraint.condition)}
    against = {name: value for name, value in against.items() if name in named}
    condition = constraint.condition
    if connections[using].features.supports_comparing_boolean_expr:
        # Check constraints do not fail when they evaluate to UNKNOWN.
        condition = Coalesce(condition, True, output_field=BooleanField())
    query = Query(None)
    for name, value in against.items():
        if not hasattr(value, "resolve_expression"):
            value = Value(value)
        query.add_annotation(value, name, select=False)
    query.add_annotation(Value(index), "_check")
    query.add_q(Q(condition))
    return query


def _passed(checks, start) -> set[int]:
    """The indexes of these checks (from `start`) that hold, asked in one query a database."""
    passed = set()
    for using in {check[3] for check in checks}:
        connection = connections[using]
        mine, parts = [], []
        for index, (_form, _constraint, query, used) in enumerate(checks, start):
            if used != using:
                continue
            try:
                parts.append(query.get_compiler(using=using).as_sql())
            except EmptyResultSet:
                continue  # never holds, as Q.check finds
            mine.append(index)
        if not parts:
            continue
        try:
            atomic = transaction.atomic(using=using) if connection.in_atomic_block else None
            with atomic or nullcontext(), connection.cursor() as cursor:
                cursor.execute(
                    " UNION ALL ".join(sql for sql, _params in parts),
                    [param for _sql, params in parts for param in params],
                )
                passed.update(row[0] for row in cursor.fetchall())
        except DatabaseError as error:
            # As Q.check: a check the database cannot answer does not fail the form.
            logger.warning("Got a database error checking constraints: %s", error)
            passed.update(mine)
    return passed
