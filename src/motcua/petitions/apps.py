from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "motcua.petitions"
    label = "petitions"
