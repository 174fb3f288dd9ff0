from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wijkverband.accounts"
    label = "accounts"
