"""Generate load data for `make bench` and the query-plan test (eduportal/loaddata.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from eduportal import loaddata


class Command(BaseCommand):
    help = (
        "Create many published articles (with revisions and sign-offs), specialists, "
        "stories and comments for benchmarks. --reset removes only generated rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(loaddata.SCALES), default="small")
        parser.add_argument(
            "--reset", action="store_true", help="Remove generated rows (before generating)."
        )
        parser.add_argument(
            "--reset-only", action="store_true", help="Remove generated rows and stop."
        )
        parser.add_argument("--seed", type=int, default=9)
        parser.add_argument(
            "--allow-sqlite",
            action="store_true",
            help="Generate on SQLite too (slow and only for trying it out).",
        )

    def handle(self, *args, scale, reset, reset_only, seed, allow_sqlite, **options):
        if connection.vendor != "postgresql" and not allow_sqlite:
            raise CommandError(
                "Load data is for PostgreSQL (set DATABASE_URL). Use --allow-sqlite to try "
                "it on SQLite anyway."
            )
        already = loaddata.generated_counts()["published articles"]
        if reset or reset_only:
            self.stdout.write("Removing generated rows …")
            loaddata.reset()
            already = 0
        if reset_only:
            return
        if already:
            raise CommandError(
                f"{already} generated articles exist already. Run with --reset to replace them."
            )
        bar = tqdm(total=loaddata.STEPS, desc=f"load data ({scale})", unit="step")

        def progress(step, total=None):
            bar.set_postfix_str(step)
            bar.update(1)

        loaddata.Generator(loaddata.SCALES[scale], seed=seed, progress=progress).run()
        bar.close()
        for name, count in loaddata.generated_counts().items():
            self.stdout.write(f"  {name}: {count:,}")
