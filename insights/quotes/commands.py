"""Operators' commands: ``db upgrade|current``, ``users add|list|disable`` and ``deliver``."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import signal
import sys
import threading
import tomllib
from pathlib import Path
from typing import TextIO

from insights.errors import PackError
from insights.quotes import migrate, people, relay, store, webhook
from insights.settings import SECRETS_FILE, Settings, current_settings


def database_url(found: Settings, secrets_file: Path = SECRETS_FILE) -> str:
    """Return the database the app uses: DATABASE_URL, secrets.toml's database_url, else SQLite."""
    # The command finds the same database the app does, secrets.toml included.
    secret = ""
    try:
        value = tomllib.loads(secrets_file.read_text(encoding="utf-8")).get("database_url")
        secret = value.strip() if isinstance(value, str) else ""
    except (OSError, tomllib.TOMLDecodeError):
        secret = ""
    return found.database_url or secret or store.default_database_url(found.state_dir)


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the db and users commands to the command line's subcommands."""
    db = sub.add_parser("db", help="the app database's schema: upgrade it, or say where it is")
    db.add_argument("action", choices=["upgrade", "current"])
    users = sub.add_parser("users", help="named accounts: add one, list them, disable one")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add an account; the password is read from standard input")
    add.add_argument("--name", required=True)
    add.add_argument("--email", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in people.Role])
    actions.add_parser("list", help="list every account (never a password)")
    disable = actions.add_parser("disable", help="disable an account: it can no longer sign in")
    disable.add_argument("--email", required=True)
    deliver = sub.add_parser(
        "deliver", help="send the quote requests' events to INSIGHTS_WEBHOOK_URL (the relay)"
    )
    deliver.add_argument(
        "--once", action="store_true", help="send what is due now, then exit (for a cron job)"
    )


def read_password(stdin: TextIO) -> str:
    """Return the password typed at a prompt, or the first line piped in (its newline removed)."""
    if stdin.isatty():
        return getpass.getpass("Password: ")
    return stdin.readline().removesuffix("\n").removesuffix("\r")


def _users(args: argparse.Namespace, engine: store.Engine, stdin: TextIO, out: TextIO) -> int:
    """Run one users action against an upgraded database."""
    if args.action == "add":
        raw = {
            "name": args.name,
            "email": args.email,
            "role": args.role,
            "password": read_password(stdin),
        }
        new, errors = people.validate_account(raw)
        if new is None:
            for field, message in errors.items():
                print(f"error: {people.LABELS.get(field, field)}: {message}", file=out)
            return 1
        account = people.add_account(engine, new, dt.datetime.now(dt.UTC))
        print(f"added {account.email} ({account.role.value}): {account.name}", file=out)
        return 0
    if args.action == "list":
        for account in people.list_accounts(engine):
            state = "disabled" if account.disabled else "active"
            created = account.created_at.strftime("%Y-%m-%d %H:%M")
            print(
                f"{account.email}\t{account.role.value}\t{state}\t{created}\t{account.name}",
                file=out,
            )
        return 0
    account = people.disable_account(engine, args.email)
    print(f"disabled {account.email}", file=out)
    return 0


def _deliver(args: argparse.Namespace, engine: store.Engine, out: TextIO) -> int:
    """Run the relay: until SIGTERM or Ctrl-C, or (--once) until nothing is due now."""
    try:
        config = webhook.read_config(current_settings())
    except webhook.WebhookConfigError as exc:
        print(f"error: {exc}", file=out)
        return 1
    if config is None:
        print("error: INSIGHTS_WEBHOOK_URL is not set: there is nowhere to deliver to", file=out)
        return 1

    def report(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    if args.once:
        with relay.make_client() as client:
            done = relay.deliver_due(engine, config, client, relay.make_worker_id(), None, report)
        print(
            f"delivered {done.delivered}, to retry {done.retried}, dead letters {done.dead}",
            file=out,
        )
        return 0
    stop = threading.Event()
    # A service manager stops the relay with SIGTERM: finish the POST under way, then exit.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop.set())
    try:
        relay.run_relay(engine, config, stop, report)
    except KeyboardInterrupt:
        stop.set()
    return 0


def run(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    """Run a db, users or deliver command on the app's database; 1 with a reason when it cannot."""
    try:
        engine = store.make_engine(database_url(current_settings()))
    except store.StoreUnavailable as exc:
        print(f"error: database: {exc}", file=out)
        return 1
    try:
        if engine.dialect.name == "sqlite":
            # As the app does: the state folder is made on first use.
            Path(engine.url.database or "").parent.mkdir(parents=True, exist_ok=True)
        if args.command == "db" and args.action == "current":
            found = store.schema_revision(engine)
            head = migrate.head()
            where = "none (not yet upgraded)" if found is None else found
            print(f"{where}{' (head)' if found == head else f'; head is {head}'}", file=out)
            return 0
        store.create_schema(engine)
        if args.command == "db":
            print(f"upgraded: the schema is at {migrate.head()} (head)", file=out)
            return 0
        if args.command == "deliver":
            return _deliver(args, engine, out)
        return _users(args, engine, stdin, out)
    except OSError as exc:
        print(f"error: database: cannot create the data folder: {exc.strerror}", file=out)
        return 1
    except store.StoreUnavailable as exc:
        print(f"error: database: {exc}", file=out)
        return 1
    except PackError as exc:
        print(f"error: {exc}", file=out)
        return 1
    finally:
        engine.dispose()
