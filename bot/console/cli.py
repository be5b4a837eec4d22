"""``python -m bot console …``: staff accounts, and the console on a Sanic app of its own.

python -m bot console add-user chm-lewarde --role editor --site lewarde-centre-historique-minier
python -m bot console add-user office-arras --role counter --password-stdin < password.txt
python -m bot console users
python -m bot console serve --port 8090      # the console alone (the website mounts the same blueprint)
"""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.console.accounts import ROLES, AccountError, AccountStore
from bot.console.settings import ConsoleSettings
from bot.errors import UserError


def _store() -> AccountStore:
    return AccountStore(ConsoleSettings().accounts_database)


def cmd_add_user(args: argparse.Namespace) -> int:
    if args.site:
        from bot.knowledge import open_kb

        try:
            open_kb().site(args.site)
        except KeyError:
            raise UserError(f"no site '{args.site}' (python -m bot kb list)") from None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            raise UserError("the two passwords differ")
    try:
        account = _store().add(args.username, password, args.role, args.site)
    except AccountError as error:
        raise UserError(str(error)) from None
    print(
        f"account {account.username} ({account.role}{', ' + account.site_id if account.site_id else ''}) created"
    )
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    for account in _store().accounts():
        print(f"{account.username}\t{account.role}\t{account.site_id or ''}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from sanic import Sanic

    from bot.console.http import blueprint

    app = Sanic("memhisto_console")
    app.blueprint(blueprint())
    app.run(host=args.host, port=args.port, access_log=False, motd=False)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    console = subparsers.add_parser("console", help="staff console: accounts, and the console alone")
    commands = console.add_subparsers(dest="console_command", required=True)
    add = commands.add_parser("add-user", help="create a staff account (asks for its password)")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True, help="admin, editor (one museum) or counter")
    add.add_argument("--site", help="the museum an editor speaks for (site id)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(func=cmd_add_user)
    commands.add_parser("users", help="list the accounts").set_defaults(func=cmd_users)
    serve = commands.add_parser("serve", help="serve the console alone on a Sanic app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8090)
    serve.set_defaults(func=cmd_serve)
