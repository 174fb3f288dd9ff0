"""Encryption at rest for the few fields that identify a person uniquely (the BSN).

The ciphertext uses Fernet (AES-128-CBC + HMAC-SHA256). A keyed blind index (HMAC-SHA256)
lets us look a BSN up and enforce uniqueness without storing it in the clear.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from django.conf import settings

from cryptography.fernet import Fernet


@lru_cache(maxsize=4)
def _fernet(key: str, secret: str) -> Fernet:
    if key:
        return Fernet(key.encode())
    derived = hashlib.sha256(b"field-encryption:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def _key_material() -> tuple[str, str]:
    return settings.FIELD_ENCRYPTION_KEY, settings.SECRET_KEY


def encrypt(value: str) -> str:
    return _fernet(*_key_material()).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(*_key_material()).decrypt(token.encode()).decode()


def blind_index(value: str) -> str:
    key, secret = _key_material()
    material = (key or secret).encode()
    return hmac.new(b"blind-index:" + material, value.encode(), hashlib.sha256).hexdigest()
