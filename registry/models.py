from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who logs in. Staff log in with Feide; their roles are kept in orgs."""
