from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. What they may see follows from their memberships, never from this row."""

    display_name = models.CharField(_("display name"), max_length=150, blank=True)

    # The user's columns that make up how they are named, for lists read as plain values.
    NAME_FIELDS = ("display_name", "first_name", "last_name", "username")

    def __str__(self) -> str:
        return self.name_from(self.display_name, self.first_name, self.last_name, self.username)

    @staticmethod
    def name_from(display_name: str, first_name: str, last_name: str, username: str) -> str:
        return display_name or f"{first_name} {last_name}".strip() or username
