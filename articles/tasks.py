"""Background jobs of the articles app (see eduportal/tasks.py)."""

from django_tasks import task


@task()
def rebuild_search_vocabulary() -> int:
    """Refresh the "did you mean" word list from every published article."""
    from . import services

    services.rebuild_vocabulary()
    from .models import SearchTerm

    return SearchTerm.objects.count()
