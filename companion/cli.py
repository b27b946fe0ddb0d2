"""The `tend` command. Only this module (with settings.py) reads argv and the environment.

Exit codes:
  0  success
  1  the companion refused the request (invalid input, not found, conflict); the message says why
  2  usage error
  3  the data directory is in use by another companion
  4  the data is damaged (nothing was changed; see `tend doctor`)
  5  the command needs a running companion (`tend pair`)
  6  `tend doctor` found a problem
  7  the port is in use
  8  the companion stopped answering (it stopped mid-command, or took longer than it may)
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import logging
import os
import sys
import urllib.error
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from companion import __version__
from companion.client import ApiClient, ApiFailure, NotRunning, companion
from companion.errors import DamagedData, DataDirLocked, TendError
from companion.interaction_kinds import INTERACTION_KINDS
from companion.front import PortInUse
from companion.settings import DEFAULT_PORT, Settings, default_data_dir
from companion.terminal import OutputClosed, SafeText, json_text

EXIT_REFUSED, EXIT_USAGE, EXIT_LOCKED, EXIT_DAMAGED, EXIT_NOT_RUNNING, EXIT_DOCTOR, EXIT_PORT = 1, 2, 3, 4, 5, 6, 7
EXIT_NO_ANSWER, EXIT_BROKEN_PIPE = 8, 141  # 141: as a shell reports a command ended by SIGPIPE
# Commands whose one answer may take minutes on a large network (no progress lines to keep it alive).
LONG_WAIT = 600.0


def _print_json(data: Any) -> None:
    print(json_text(data))


def _person_line(person: dict[str, Any]) -> str:
    extra = " · ".join(x for x in (person.get("title"), person.get("organization")) if x)
    return f"{person['id']:>6}  {person['name']}" + (f"  ({extra})" if extra else "")


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from companion.front import run  # it imports the rest once it listens

    asyncio.run(run(settings))
    return 0


def cmd_pair(args: argparse.Namespace, settings: Settings) -> int:
    with companion(settings, must_be_running=True) as api:
        code = api.call("POST", "/api/v1/pairing/codes")
    print(f"Pairing code: {code['code']}  (valid until {code['expires_at']})")
    return 0


def cmd_token(args: argparse.Namespace, settings: Settings) -> int:
    with companion(settings) as api:
        issued = api.call("POST", "/api/v1/tokens", {"name": args.name})
    print(f"New token {issued['token_id']} ({issued['name']}); it is shown only once:", file=sys.stderr)
    print(issued["token"])
    return 0


def cmd_people(args: argparse.Namespace, settings: Settings) -> int:
    with companion(settings) as api:
        if args.action == "list":
            page = api.call("GET", "/api/v1/people", query={"q": args.q, "tag": args.tag, "limit": args.limit})
            if args.json:
                _print_json(page)
            else:
                for person in page["items"]:
                    print(_person_line(person))
                print(f"{len(page['items'])} of {page['total']}")
        elif args.action == "add":
            body: dict[str, Any] = {"name": args.name, "title": args.title, "organization": args.organization,
                                    "emails": args.email, "urls": [{"url": u} for u in args.url], "tags": args.tag}
            person = api.call("POST", "/api/v1/people", {k: v for k, v in body.items() if v not in (None, [])})
            print(_person_line(person))
        else:
            person = api.call("GET", f"/api/v1/people/{args.id}")
            timeline = api.call("GET", f"/api/v1/people/{args.id}/interactions", query={"limit": 10})
            if args.json:
                _print_json({"person": person, "interactions": timeline})
            else:
                _show_person(person, timeline)
    return 0


def _show_person(person: dict[str, Any], timeline: dict[str, Any]) -> None:
    print(_person_line(person))
    for field in ("headline", "location", "emails", "tags", "interests", "goals", "cadence_days",
                  "last_interaction_at"):
        if person.get(field) not in (None, []):
            value = person[field]
            print(f"  {field}: {', '.join(value) if isinstance(value, list) else value}")
    for link in person.get("urls", []):
        print(f"  {link['kind']}: {link['url']}")
    for item in timeline["items"]:
        print(f"  {item['occurred_at']}  {item['kind']}" + (f": {item['note']}" if item.get("note") else ""))


def _person_id(api: ApiClient, given: str) -> int | None:
    """An id as given, or the one person a name fragment matches; None (said) when none or several do."""
    if given.isascii() and given.isdigit():
        return int(given)
    page = api.call("GET", "/api/v1/people/match", query={"q": given, "limit": 8})
    if page["total"] == 1:
        return int(page["items"][0]["id"])
    if not page["total"]:
        print(f"tend: nobody saved matches {given!r}; `tend people list` shows everyone", file=sys.stderr)
        return None
    print(f"tend: {page['total']} people match {given!r}; give the id (or more of the name):", file=sys.stderr)
    for person in page["items"]:
        print(_person_line(person), file=sys.stderr)
    return None


def cmd_log(args: argparse.Namespace, settings: Settings) -> int:
    with companion(settings) as api:
        ids = [_person_id(api, given) for given in args.people]
        if None in ids:
            return EXIT_REFUSED
        body = {"person_ids": ids, "kind": args.kind, "note": args.note, "occurred_at": args.when}
        logged = api.call("POST", "/api/v1/interactions", {k: v for k, v in body.items() if v is not None})
    print(f"Logged {logged['kind']} (interaction {logged['id']}) at {logged['occurred_at']}")
    return 0


def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    with companion(settings) as api:
        print(api.call("POST", "/api/v1/backups")["path"])
    return 0


def _read_input(name: str) -> bytes | None:
    """FILE's bytes, or standard input's for `-`; None (said on standard error) when it cannot be read."""
    try:
        return sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as error:
        print(f"tend: cannot read {name}: {error.strerror}", file=sys.stderr)
        return None


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    """Extraction alone, no companion: for debugging a page and evaluating extractors."""
    from companion.extract import extract  # the parsing stack, only for the commands that parse

    html = _read_input(args.file)
    if html is None:
        return EXIT_USAGE
    print(extract(html, args.url).model_dump_json(indent=2))
    return 0


def cmd_fixtures(args: argparse.Namespace, settings: Settings) -> int:
    """The pages the user kept as test cases ("Tend got this wrong"), read from the data directory itself:
    no companion needed, and nothing leaves the machine but what is written to DIR."""
    from companion import cases

    if args.action == "list":
        kept = cases.listed(settings.data_dir)
        for case in kept:
            print(case.name)
        if not kept:
            print("no test cases kept yet: in the dashboard, open a person Tend read wrongly, choose "
                  "\"Tend got this wrong\", correct the fields and keep the page", file=sys.stderr)
        return 0
    target = Path(args.dir).expanduser()
    try:
        written = cases.export(settings.data_dir, target)
    except OSError as error:
        print(f"tend: cannot write to {target}: {error.strerror}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"wrote {len(written)} test case{'s' if len(written) != 1 else ''} to {target}"
          + ("; review them, then copy them to tests/fixtures/pages" if written else ""))
    return 0


def cmd_suggest(args: argparse.Namespace, settings: Settings) -> int:
    with companion(settings) as api:
        page = api.call("GET", "/api/v1/suggestions" + (f"?limit={args.limit}" if args.limit else ""))
    if args.json:
        _print_json(page)
        return 0
    if not page["items"]:
        print("Nothing to suggest today.")
    for item in page["items"]:
        print(f"- {item['text']}\n    why: {'; '.join(item['why'])}\n    id: {item['id']}")
    return 0


def cmd_reextract(args: argparse.Namespace, settings: Settings) -> int:
    with companion(settings, timeout=LONG_WAIT) as api:
        result = api.call("POST", "/api/v1/captures/reextract")
    print(f"{result['captures']} kept pages: {result['updated']} updated, {result['unchanged']} unchanged, "
          f"{result['failed']} failed")
    return 0


def _progress(done: int, total: int) -> None:
    """A progress bar on a terminal's standard error; nothing when that is a file or a pipe. Written to the
    real stream: its carriage return is the one control character the CLI itself sends."""
    stream = sys.__stderr__
    if stream is None or not stream.isatty() or not total:
        return
    filled = done * 30 // total
    print(f"\r  [{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,}", end="" if done < total else "\n",
          file=stream, flush=True)


def _print_columns(found: dict[str, Any]) -> None:
    """What each column of a CSV fills: a dry run shows the guesses, which --map corrects."""
    print("columns (correct one with --map HEADER=FIELD):")
    for column in found["columns"]:
        print(f"  {column['header']}: {column['field'] or 'left out'}")


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    """A JSON backup: sent as the file itself, straight from disk, so no backup is too large to restore."""
    if args.dry_run:
        print("tend: a backup restores whole or not at all; there is no dry run of a restore", file=sys.stderr)
        return EXIT_USAGE
    source: Path | bytes | None = Path(args.file) if args.file != "-" else _read_input("-")
    if source is None:
        return EXIT_USAGE
    if isinstance(source, Path) and not source.is_file():
        print(f"tend: cannot read {args.file}: no such file", file=sys.stderr)
        return EXIT_USAGE
    with companion(settings, timeout=LONG_WAIT) as api:
        report = api.upload("/api/v1/restore", source)
    if args.json:
        _print_json(report)
    else:
        print(f"{report['created']} created: the backup is restored whole, ids included")
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from companion.formats import decode

    if args.format == "json":
        return _restore(args, settings)
    pairs = [pair.rpartition("=") for pair in args.map]
    if any(not sep for _, sep, _ in pairs):
        print("tend: --map takes HEADER=FIELD (an empty FIELD ignores the column)", file=sys.stderr)
        return EXIT_USAGE
    data = _read_input(args.file)
    if data is None:
        return EXIT_USAGE
    body = {"format": args.format, "content": decode(data), "dry_run": args.dry_run,
            "mapping": {header: field for header, _, field in pairs} or None, "delimiter": args.delimiter}
    body = {k: v for k, v in body.items() if v is not None}
    report = None
    with companion(settings, timeout=LONG_WAIT) as api:
        if args.format == "csv" and args.dry_run and not args.json:
            text = {k: v for k, v in body.items() if k in ("content", "mapping", "delimiter")}
            _print_columns(api.call("POST", "/api/v1/imports/csv-columns", text))
        for message in api.stream("POST", "/api/v1/imports", body):
            if "done" in message:
                _progress(message["done"], message["total"])
            else:
                report = message.get("report", message)
    if report is None:  # the stream ended without its last line: the companion stopped mid-import
        raise ConnectionError("the answer ended before the import's report")
    if args.json:
        _print_json(report)
        return 0
    verb = "would be" if report["dry_run"] else "were"
    print(f"{report['created']} created, {report['updated']} updated, {report['skipped']} skipped (already known), "
          f"{report['failed']} not imported" + (f" — nothing was changed (dry run); these {verb} the outcomes"
                                                if report["dry_run"] else ""))
    if report["dry_run"]:
        for row in report["rows"][:20]:
            print(f"  line {row['line']}: {row['outcome']} {row['name']}")
    for problem in report["errors"][:50]:
        print(f"  line {problem['line']}: {problem['message']}", file=sys.stderr)
    for problem in report["warnings"][:50]:
        fields = ", ".join(problem["fields"])
        print(f"  line {problem['line']}: {problem['message']} ({fields})", file=sys.stderr)
    if len(report["errors"]) > 50 or len(report["warnings"]) > 50:
        print("  … the full list: --json", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    with companion(settings, timeout=LONG_WAIT) as api:
        if args.url or args.new_url:
            link = api.call("POST", "/api/v1/calendar/key") if args.new_url else api.call("GET", "/api/v1/calendar")
            if link["url"] is None:
                print(f"tend: a calendar address was made on {link['created_at'] or 'an earlier day'}; Tend keeps "
                      "only its fingerprint, so it cannot show it again. `tend export ics --new-url` makes a new "
                      "one (calendars subscribed to the old one stop updating).", file=sys.stderr)
                return EXIT_REFUSED
            print(link["url"])
            return 0
        text = api.text(f"/api/v1/exports/{args.format}")
    if args.output in (None, "-"):
        _write_document(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _write_document(text: str) -> None:
    """An export on standard output: byte for byte into a file or pipe, printable on a terminal."""
    if sys.stdout.isatty():
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    out = sys.__stdout__
    if out is not None:
        try:
            out.buffer.write(text.encode("utf-8"))
            out.buffer.flush()
        except BrokenPipeError:
            raise OutputClosed() from None


def _ask_secret(prompt: str, variable: str) -> str:
    """A password or passphrase: from the environment variable when set (scripts), else asked unechoed."""
    import getpass

    if os.environ.get(variable):
        return os.environ[variable]
    try:
        return getpass.getpass(prompt)
    except EOFError:  # no terminal to ask on, and nothing on standard input
        raise UsageError(f"{prompt.rstrip(': ')}: type it on a terminal, or give it in ${variable}; "
                         "nothing was set up") from None


class UsageError(Exception):
    """A command that cannot go on as it was given; the message says how to give it."""


def cmd_sync(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "setup":
        return _sync_setup(args, settings)
    if args.action == "status":
        return _sync_status(settings)
    with companion(settings, timeout=LONG_WAIT) as api:  # not running: this command syncs once itself
        status = api.call("POST", "/api/v1/sync/now")
    print(_sync_line(status))
    return 0 if status["state"] in ("synced", "off") else EXIT_REFUSED


def _sync_setup(args: argparse.Namespace, settings: Settings) -> int:
    from companion.sync.couch import Server  # only for this command
    from companion.sync.setup import set_up

    password = _ask_secret(f"Password for {args.user} at {args.url}: ", "TEND_SYNC_PASSWORD") if args.user else ""
    passphrase = None
    if args.encrypt:
        passphrase = _ask_secret("Passphrase for end-to-end encryption: ", "TEND_SYNC_PASSPHRASE")
        if "TEND_SYNC_PASSPHRASE" not in os.environ and not _asked_again(passphrase):
            print("tend: the two passphrases differ; nothing was set up", file=sys.stderr)
            return EXIT_USAGE
    server = Server(args.url, args.database, args.user or "", password, args.ca_file)
    done = asyncio.run(set_up(settings.data_dir, server, passphrase))
    print(f"Sync is set up with {done.where}" + (" (a new database)." if done.created else
                                                  f" ({done.documents} documents there already)."))
    print("Documents are encrypted end to end: the server's operator sees random ids only." if done.sealed else
          "Documents are not encrypted: whoever runs the server can read them (--encrypt seals them).")
    print("While the companion runs, every change here goes there within seconds, and theirs come here. "
          "`tend sync status` shows how it goes.")
    _tell_running_companion(settings)
    return 0


def _tell_running_companion(settings: Settings) -> None:
    """A running companion reads sync.json when asked about sync: ask it now, so it starts at once."""
    from companion.client import running_companion

    if running_companion(settings.data_dir) is not None:
        with companion(settings, must_be_running=True) as api:
            print(_sync_line(api.call("GET", "/api/v1/sync")))


def _asked_again(first: str) -> bool:
    return _ask_secret("The same passphrase again: ", "TEND_SYNC_PASSPHRASE") == first


def _sync_status(settings: Settings) -> int:
    from companion.client import running_companion
    from companion.sync import config

    if running_companion(settings.data_dir) is None:
        found = config.load(settings.data_dir)
        if found is None:
            print("Sync is not set up: `tend sync setup https://your-couchdb:6984` keeps this network on your "
                  "other machines too.")
        else:
            print(f"Sync is set up with {found.server.where}; the companion is not running (`tend serve` syncs "
                  "while it runs, `tend sync now` syncs once).")
        return 0
    with companion(settings) as api:
        print(_sync_line(api.call("GET", "/api/v1/sync")))
    return 0


def _sync_line(status: dict[str, Any]) -> str:
    """The state as one line a person reads: where, when, what waits, and why not when it does not."""
    if not status["configured"]:
        return status["message"]
    waiting = f"{status['waiting']} change{'s' if status['waiting'] != 1 else ''} waiting"
    if status["state"] == "synced":
        return f"Synced with {status['where']} at {status['last_synced_at']}; {waiting}."
    if status["state"] in ("offline", "refused"):
        return f"{status['state'].capitalize()}, {waiting}: {status['message']}"
    return f"Syncing with {status['where']}; {waiting}."


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from companion.doctor import diagnose  # the store's checks: only for this command

    checks = diagnose(settings.data_dir, settings.port)
    for check in checks:
        print(f"{'ok  ' if check.ok else 'FAIL'}  {check.label}: {check.detail}")
    return 0 if all(check.ok for check in checks) else EXIT_DOCTOR


def _global_options(top: bool) -> argparse.ArgumentParser:
    """--data-dir and --port, accepted before or after any (sub)command: below the top level they default
    to nothing at all, so a value given earlier on the line is not reset."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--data-dir", type=Path, default=None if top else argparse.SUPPRESS,
                         help="where the data lives (default: $TEND_DATA_DIR or the user data directory)")
    options.add_argument("--port", type=int, default=DEFAULT_PORT if top else argparse.SUPPRESS,
                         help=f"loopback port (default {DEFAULT_PORT})")
    return options


def build_parser() -> argparse.ArgumentParser:
    common = _global_options(top=False)
    parser = argparse.ArgumentParser(prog="tend", description="Tend, a local-first personal networking companion.",
                                     epilog=__doc__.split("\n", 2)[2] if __doc__ else None,
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     parents=[_global_options(top=True)])
    parser.add_argument("--version", action="version", version=f"tend {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Callable[..., int], help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    command("serve", cmd_serve, "run the companion (prints its URL and a pairing code)")
    command("pair", cmd_pair, "show a new pairing code for the extension (the companion must be running)")
    command("token", cmd_token, "issue a token for a script; the token is the last line printed").add_argument(
        "--name", default="cli", help="a label to recognise the token by")
    people = command("people", cmd_people, "list, add or show people")
    actions = people.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list people", parents=[common])
    listing.add_argument("q", nargs="?", help="search name, organization, email")
    listing.add_argument("--tag")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true")
    add = actions.add_parser("add", help="add a person", parents=[common])
    add.add_argument("name")
    add.add_argument("--title")
    add.add_argument("--organization", "--org")
    add.add_argument("--email", action="append", default=[])
    add.add_argument("--url", action="append", default=[], help="a profile or homepage URL")
    add.add_argument("--tag", action="append", default=[])
    show = actions.add_parser("show", help="show a person and their latest interactions", parents=[common])
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    log_cmd = command("log", cmd_log, "record an interaction")
    log_cmd.add_argument("people", nargs="+", metavar="PERSON",
                         help="an id, or a name fragment that matches one person (\"ada\", \"celik\")")
    log_cmd.add_argument("--kind", choices=INTERACTION_KINDS, default="note")
    log_cmd.add_argument("--note")
    log_cmd.add_argument("--when", help="ISO date-time with zone, e.g. 2026-11-20T15:00:00+03:30 (default: now)")
    extract_cmd = command("extract", cmd_extract, "print what Tend reads from a saved page, as JSON")
    extract_cmd.add_argument("file", metavar="FILE", help="the saved page; - reads standard input")
    extract_cmd.add_argument("--url", required=True, help="the address the page was saved from")
    suggest_cmd = command("suggest", cmd_suggest, "print today's suggestions, each with why")
    suggest_cmd.add_argument("--limit", type=int, help="how many (default: your daily cap)")
    suggest_cmd.add_argument("--json", action="store_true")
    command("reextract", cmd_reextract, "run today's extractors over every kept page and update people")
    import_cmd = command("import", cmd_import, "import people: LinkedIn's Connections.csv, vCard, CSV or a JSON backup")
    import_cmd.add_argument("format", choices=["linkedin", "vcard", "csv", "json"])
    import_cmd.add_argument("file", metavar="FILE", help="the file; - reads standard input")
    import_cmd.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                            help="csv: the Person field a column fills (repeatable; unmapped headers are guessed)")
    import_cmd.add_argument("--delimiter", choices=[",", ";", "\t"], help="csv: the separator (sniffed by default)")
    import_cmd.add_argument("--dry-run", action="store_true", help="show what would happen; change nothing")
    import_cmd.add_argument("--json", action="store_true", help="print the whole report as JSON")
    export_cmd = command("export", cmd_export, "export everyone (vcard, csv, json backup) or what falls due (ics)")
    export_cmd.add_argument("format", choices=["vcard", "csv", "json", "ics"])
    export_cmd.add_argument("-o", "--output", help="a file to write (default: standard output)")
    export_cmd.add_argument("--url", action="store_true",
                            help="ics: print the address a calendar app can subscribe to (made on first use)")
    export_cmd.add_argument("--new-url", action="store_true",
                            help="ics: make a new address and print it (the old one stops working)")
    command("backup", cmd_backup, "write a backup now; prints its path")
    fixtures = command("fixtures", cmd_fixtures, "the pages kept as test cases when Tend got a person wrong")
    fixture_actions = fixtures.add_subparsers(dest="action", required=True, metavar="ACTION")
    fixture_actions.add_parser("list", help="list the kept test cases", parents=[common])
    fixture_actions.add_parser("export", help="write them in the corpus layout (DIR/<slug>/source.html, expected.json)",
                               parents=[common]).add_argument("dir", metavar="DIR")
    command("doctor", cmd_doctor, "check the data directory, its permissions and integrity, and the port")
    sync = command("sync", cmd_sync, "keep this network on your other machines, through a CouchDB server")
    sync_actions = sync.add_subparsers(dest="action", required=True, metavar="ACTION")
    setup = sync_actions.add_parser("setup", parents=[common], help="check a CouchDB server and sync with it "
                                    "(asks the password; $TEND_SYNC_PASSWORD for scripts)")
    setup.add_argument("url", help="the server, e.g. https://couch.example.org:6984")
    setup.add_argument("--database", default="tend", help="the database (default: tend; made if missing)")
    setup.add_argument("--user", help="the CouchDB user name")
    setup.add_argument("--ca-file", type=Path, help="a certificate authority to trust for this server (PEM)")
    setup.add_argument("--encrypt", action="store_true",
                       help="seal every document end to end with a passphrase ($TEND_SYNC_PASSPHRASE for scripts)")
    sync_actions.add_parser("status", parents=[common], help="when this machine last synced, what waits")
    sync_actions.add_parser("now", parents=[common], help="sync at once (offline: try again now)")
    return parser


@contextmanager
def _printable_output() -> Iterator[None]:
    """Everything printed during a command goes through `SafeText` (see terminal.py)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeText(sys.stdout), SafeText(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.command == "serve" else logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings(data_dir=(args.data_dir or default_data_dir()).expanduser().resolve(), port=args.port)
    with _printable_output():
        return _run(args, settings)


def _run(args: argparse.Namespace, settings: Settings) -> int:
    """The command, with every situation a user can meet turned into a message and an exit code."""
    try:
        return args.handler(args, settings)
    except ApiFailure as failure:
        fields = "".join(f"\n  {name}: {problem}" for name, problem in failure.fields.items())
        print(f"tend: {failure.message}{fields}", file=sys.stderr)
        return EXIT_REFUSED
    except DataDirLocked as error:
        print(f"tend: {error.message}", file=sys.stderr)
        return EXIT_LOCKED
    except DamagedData as error:
        print(f"tend: {error.message}", file=sys.stderr)
        return EXIT_DAMAGED
    except TendError as error:  # refused here, not by the companion (sync's checks of a server, say)
        print(f"tend: {error.message}", file=sys.stderr)
        return EXIT_REFUSED
    except UsageError as error:
        print(f"tend: {error}", file=sys.stderr)
        return EXIT_USAGE
    except NotRunning:
        print("tend: the companion is not running; start it with ./scripts/serve (it shows a pairing code)",
              file=sys.stderr)
        return EXIT_NOT_RUNNING
    except PortInUse as error:
        print(f"tend: {error}", file=sys.stderr)
        return EXIT_PORT
    except OutputClosed:  # `tend people list | head`: the reader has all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())  # type: ignore[union-attr]  (no second error at exit)
        return EXIT_BROKEN_PIPE
    except TimeoutError:
        print("tend: the companion did not answer in time; it may be busy with a long task. Try again in a "
              "moment, or run `tend doctor`.", file=sys.stderr)
        return EXIT_NO_ANSWER
    except (ConnectionError, http.client.HTTPException, urllib.error.URLError) as error:
        reason = getattr(error, "reason", None) or error
        print(f"tend: lost the connection to the companion ({reason}); it may have stopped. Run `tend doctor`, "
              "start it again with ./scripts/serve if needed, and repeat the command.", file=sys.stderr)
        return EXIT_NO_ANSWER
    except KeyboardInterrupt:
        return 130
