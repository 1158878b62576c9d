"""Runs schemachange's own deploy loop (schemachange.deploy.deploy) over a dist/schemachange folder
against a stub session whose change history lives in a JSON file, and prints what it applied.

The stub stands in for SnowflakeSession (schemachange/session/SnowflakeSession.py): it answers
get_script_metadata() from the history file as fetch_versioned_scripts/fetch_repeatable_scripts
would (versions and checksums of successful runs), and apply_change_script() records the script,
its type and checksum instead of executing it. Which scripts run, in which order, and which are
skipped is schemachange's own decision.

usage: schemachange_deploy.py ROOT_FOLDER HISTORY_JSON
prints one line per applied script name, then `applied=N skipped=M`.
"""

import json
import logging
import sys
from pathlib import Path
from types import SimpleNamespace

import structlog
from schemachange.config.DeployConfig import DeployConfig
from schemachange.deploy import deploy
from schemachange.version import max_alphanumeric

structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


class StubSession:
    account = "stub"
    role = warehouse = database = schema = None
    change_history_table = SimpleNamespace(fully_qualified="METADATA.SCHEMACHANGE.CHANGE_HISTORY")

    def __init__(self, history_path: Path):
        self.history_path = history_path
        self.history = json.loads(history_path.read_text()) if history_path.exists() else []
        self.applied = []

    def get_script_metadata(self, create_change_history_table, dry_run):
        if not self.history:
            # A fresh account: schemachange creates the table and treats every script as new.
            return {}, None, None
        versioned = {}
        repeatable = {}
        for row in self.history:  # newest last, like INSTALLED_ON order
            if row["type"] == "V":
                versioned[row["script"]] = {
                    "version": row["version"],
                    "script": row["script"],
                    "checksum": row["checksum"],
                }
            elif row["type"] == "R":
                repeatable[row["script"]] = [row["checksum"]]
        versions = [r["version"] for r in self.history if r["type"] == "V"]
        return versioned, repeatable, max_alphanumeric(versions) if versions else None

    def apply_change_script(self, script, script_content, dry_run, logger, out_of_order=False, checksum=None):
        self.applied.append(script.name)
        self.history.append(
            {
                "script": script.name,
                "type": script.type,
                "version": getattr(script, "version", None),
                "checksum": checksum,
            }
        )

    def record_change_history(self, **kwargs):
        raise AssertionError("only CLI scripts record history this way")


def main():
    root, history_path = Path(sys.argv[1]), Path(sys.argv[2])
    session = StubSession(history_path)
    config = DeployConfig.factory(config_file_path=root / "schemachange-config.yml", root_folder=root)
    deploy(config, session)
    history_path.write_text(json.dumps(session.history, indent=1))
    for name in session.applied:
        print(name)
    total = sum(1 for p in root.rglob("*.sql"))
    print(f"applied={len(session.applied)} skipped={total - len(session.applied)}")


if __name__ == "__main__":
    main()
