"""Base model shared by every domain app: a public UUID and timestamps, no domain."""

import uuid

from django.db import models


class BaseModel(models.Model):
    # Public identifier used in URLs and the API so sequential ids never leak volumes.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
