from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "wijkverband.signals"
    label = "signals"
    verbose_name = "Signalen"

    def ready(self) -> None:
        # The wijkfoto reads the number of signals per area through its provider registry; this app
        # supplies the real figures instead of the ones entered by hand.
        from wijkverband.wijkfoto import providers

        from .indicators import SignalsPerArea

        providers.register(SignalsPerArea())
