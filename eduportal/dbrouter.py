"""Reads from a read replica when DATABASE_REPLICA_URL is set (see settings).

Reads inside a transaction stay on the primary, so a service that locks and re-reads
rows, and everything it reads after writing, sees its own writes. Everything else a
public page reads may come from the replica, which lags by at most the replication
delay; cache invalidation runs after the primary's commit, so a page rebuilt in that
short window can show the previous state until the next change (state it in ops docs).
"""

from django.db import connections


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if connections["default"].in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
