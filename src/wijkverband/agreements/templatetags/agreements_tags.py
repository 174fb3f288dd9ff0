from decimal import Decimal

from django import template

from wijkverband.agreements.exports import euro as euro_text

register = template.Library()


@register.filter
def euro(amount: Decimal | None) -> str:
    """€ 120.000,00 in Dutch notation, from Decimal (never float)."""
    return euro_text(amount)
