"""Make the database refuse to change or delete what diffusion writes once (obligation and catalogue-entry
histories, diffusions, enquiries), and build the catalogue's search index: an FTS5 table kept in step with
``diffusion_searchdoc`` by triggers on SQLite, a GIN full-text index over the same columns on PostgreSQL."""

from django.db import migrations

from itisa.core.triggers import append_only, trigger_operation
from itisa.diffusion.search import PG_SETUP, PG_TEARDOWN, SQLITE_SETUP, SQLITE_TEARDOWN


class Migration(migrations.Migration):
    dependencies = [("diffusion", "0001_obligations_diffusions_catalogue")]

    operations = [
        trigger_operation(append_only("diffusion_obligationstatuschange", "diffusion_obligation_history",
                                      "obligation history is immutable")),
        trigger_operation(append_only("diffusion_listingstatuschange", "diffusion_listing_history",
                                      "catalogue entry history is immutable")),
        trigger_operation(append_only("diffusion_diffusion", "diffusion_record", "diffusions are immutable")),
        trigger_operation(append_only("diffusion_contactmessage", "diffusion_message", "enquiries are immutable")),
        trigger_operation({
            "sqlite": (SQLITE_SETUP, SQLITE_TEARDOWN),
            "postgresql": (PG_SETUP, PG_TEARDOWN),
        }),
    ]  # fmt: skip
