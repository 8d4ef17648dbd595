from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "motcua.tasks"
    label = "tasks"
