"""Background tasks (Django's tasks API through the ``django-tasks`` backport on Django 5.2).

With no ``TASKS`` setting the backport uses its ImmediateBackend: the task runs in the
process that enqueued it, right after the dossier's commit. See docs/notifications.md for
running deliveries in a worker instead.
"""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_notification(notification_id: int) -> str:
    """One delivery attempt; returns the row's status ("sent", "failed", ...)."""
    from motcua.notifications.services import deliver

    row = deliver(notification_id)
    return row.status if row is not None else "missing"
