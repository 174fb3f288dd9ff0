"""Background jobs of the audit trail, run by django-q2 (see migration 0003's schedule)."""

from wijkverband.audit.services import audit_chain_seal


def audit_seal() -> int:
    return audit_chain_seal()
