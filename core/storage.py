"""Uploaded files: stored under random names, removed with their record (issue 9).

``RandomNameStorage`` keeps the folder an ``upload_to`` chose and the extension, and replaces the
file name with 32 random hex characters, so a stored path says nothing about its content and
cannot be guessed. The name a user uploaded stays on the record where the app keeps it
(``Attachment.name`` ...) and is given back on download.
"""

import os
import uuid

from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models import FileField


class RandomNameStorage(FileSystemStorage):
    def generate_filename(self, filename: str) -> str:
        folder, name = os.path.split(filename)
        extension = os.path.splitext(name)[1].lower()[:10]
        return super().generate_filename(os.path.join(folder, uuid.uuid4().hex + extension))


def _remove_files(sender, instance, **kwargs):
    """After a record's deletion commits, delete the files its FileFields held."""
    for field in sender._meta.concrete_fields:
        if isinstance(field, FileField):
            file = getattr(instance, field.attname)
            if file and file.name:
                storage, name = file.storage, file.name
                transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def connect_file_cleanup() -> None:
    from django.db.models.signals import post_delete

    post_delete.connect(_remove_files, dispatch_uid="core.storage.remove_files")
