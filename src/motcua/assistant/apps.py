from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "motcua.assistant"
    label = "assistant"
