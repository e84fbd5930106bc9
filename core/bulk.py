"""Fast first inserts of many new rows of one model: ``insert_new(model, instances)``.

Django's ``bulk_create`` prepares every value of every row through the field machinery and, on
PostgreSQL, builds one ``UNNEST`` of text arrays per batch, escaping every JSON value into an array
literal; for imports of tens of thousands of rows that preparation, not the database, is most of the
time. Here each column gets one converter chosen once per field, and the rows go to the database as

- PostgreSQL: one ``COPY … FROM STDIN`` (psycopg 3's ``cursor.copy``), with the primary keys taken
  beforehand from the table's own sequence (``nextval`` in one query), so the ids are known without a
  read-back and concurrent writers never collide;
- SQLite: one ``executemany`` of a plain ``INSERT``, the new ids read back by a unique field;
- any other database: ``bulk_create``.

Like ``bulk_create``, it sends no signals, calls no ``save()``, and runs in the caller's transaction;
a constraint violation raises ``IntegrityError`` and, inside ``transaction.atomic``, writes nothing.
"""

import contextlib
import json
from collections.abc import Callable, Sequence

from django.db import connection as default_connection
from django.db import models

CHUNK = 2000
PLAIN = {
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "URLField",
    "BooleanField",
    "IntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
}


def _converter(field, connection) -> Callable:
    """value (as the instance holds it, after ``pre_save``) → what the driver accepts for the column."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def dump_json(value):
            return None if value is None else json.dumps(value, cls=encoder)

        return dump_json
    if type(field).__module__.startswith("django.db.models.fields") and field.get_internal_type() in PLAIN:
        # Django's own str / int / bool fields: get_prep_value is all their preparation needs.
        prep = field.get_prep_value
        return lambda value: None if value is None else prep(value)

    cache: dict = {}  # dates, times and amounts repeat (every row of an import has the same timestamps)

    def prepare(value):
        if value is None:
            return None
        try:
            return cache[value]
        except (KeyError, TypeError):
            prepared = field.get_db_prep_save(value, connection)
            if len(cache) < 10_000:
                with contextlib.suppress(TypeError):  # unhashable: prepared each time
                    cache[value] = prepared
            return prepared

    return prepare


def insert_new(
    model: type[models.Model], instances: Sequence[models.Model], *, key: str | None, connection=None
) -> None:
    """INSERT these unsaved instances (every concrete column) and set their primary keys.

    ``key`` names a unique field whose values tell the new rows apart (used to read the ids back
    where the database cannot hand them out first); ``None`` when the caller does not need the ids
    (on SQLite they are then left unset). Field ``pre_save`` runs as in ``save()`` with
    ``add=True`` (``auto_now_add`` and ``auto_now`` get the current time). Raises ``IntegrityError``
    on a duplicate key or a violated constraint.
    """
    connection = connection or default_connection
    if not instances:
        return
    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    if connection.vendor not in ("postgresql", "sqlite") or not isinstance(pk, models.AutoField):
        model.objects.bulk_create(instances, batch_size=1000)
        return
    converters = [_converter(f, connection) for f in fields]
    needs_pre_save = [f for f in fields if type(f).pre_save is not models.Field.pre_save]
    for obj in instances:
        for f in needs_pre_save:
            setattr(obj, f.attname, f.pre_save(obj, True))
    pairs = list(zip(converters, [f.attname for f in fields], strict=True))
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(instances)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            # The raw psycopg cursor: its errors are turned into Django's (IntegrityError …) here.
            copy_sql = f"COPY {table} ({quote(pk.column)}, {columns}) FROM STDIN"
            with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
                for obj, new_id in zip(instances, ids, strict=True):
                    values = obj.__dict__
                    copy.write_row([new_id, *[conv(values[name]) for conv, name in pairs]])
            for obj, new_id in zip(instances, ids, strict=True):
                obj.pk = new_id
                obj._state.adding, obj._state.db = False, connection.alias
            return
        placeholders = ", ".join(["%s"] * len(fields))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
            [[conv(obj.__dict__[name]) for conv, name in pairs] for obj in instances],
        )
    if key is None:
        return
    key_field = meta.get_field(key)
    wanted = [getattr(obj, key_field.attname) for obj in instances]
    ids: dict = {}
    for start in range(0, len(wanted), CHUNK):
        ids.update(
            model._base_manager.using(connection.alias)
            .filter(**{f"{key}__in": wanted[start : start + CHUNK]})
            .values_list(key, pk.attname)
        )
    for obj in instances:
        obj.pk = ids[getattr(obj, key_field.attname)]
        obj._state.adding, obj._state.db = False, connection.alias
