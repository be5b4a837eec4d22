"""The staff console's HTTP layer: a Sanic blueprint, mountable on any Sanic app.

    from bot.console.http import blueprint
    app.blueprint(blueprint())          # pages under /console/, JSON API under /console/api/

Thin: each handler reads the request, checks the session and role, and calls ``accounts``, ``data``,
``counter``, ``handout`` or ``mail``; blocking work (password hashing, planning, building the knowledge
base) runs in a worker thread. Every error is JSON ``{"error": …}`` (422 adds ``problems``): 400 bad
body, 401 no session, 403 not allowed (another museum's site, a wrong CSRF token), 404, 429 too many
failed logins (with ``Retry-After``), 503 e-mail not configured, 502 the SMTP server failed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import json
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from sanic import Blueprint, Request
from sanic import response as responses
from sanic.response import HTTPResponse

from bot.config import settings
from bot.console import counter, data, handout, mail
from bot.console.accounts import AccountStore, LoginRefused, Session, TooManyAttempts, csrf_ok
from bot.console.settings import ConsoleSettings
from bot.knowledge import open_kb
from bot.knowledge.overlay import EDITABLE_BLOCKS, Edit, EditLog
from bot.texts.plans import problem_json, render_problem
from bot.trip import TripProblem, plan_trip, schedule_circuit

COOKIE = "memhisto_console"
CSRF_HEADER = "X-CSRF-Token"
LOCAL_TIME = ZoneInfo("Europe/Paris")
MAX_BODY_BYTES = 64_000
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _error(status: int, message: str, **extra: Any) -> HTTPResponse:
    return responses.json({"error": message, **extra}, status=status)


def _today() -> date:
    return datetime.now(LOCAL_TIME).date()


async def _blocking(function, *args, **kwargs):
    return await asyncio.get_running_loop().run_in_executor(
        None, functools.partial(function, *args, **kwargs)
    )


def _body(request: Request) -> dict[str, Any] | None:
    """The JSON object of a POST (sent as application/json: a cross-site form cannot send it)."""
    if not (request.content_type or "").startswith("application/json") or len(request.body) > MAX_BODY_BYTES:
        return None
    try:
        body = json.loads(request.body or b"null")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _account_json(session: Session) -> dict[str, Any]:
    account = session.account
    return {
        "username": account.username,
        "role": account.role,
        "site_id": account.site_id,
        "may_use_counter": account.may_use_counter,
        "csrf": session.csrf,
    }


def blueprint(config: ConsoleSettings | None = None, url_prefix: str = "/console") -> Blueprint:
    """The console's pages and API under ``url_prefix``; accounts from ``config`` (default: the
    environment's ``CONSOLE_DB``), edits in the knowledge base's ``MEMHISTO_EDITS_DB``."""
    config = config or ConsoleSettings()
    store = AccountStore(config.accounts_database)
    bp = Blueprint("staff_console", url_prefix=url_prefix)
    bp.static("/static", str(handout.CONSOLE_WEB / "static"), name="console_static")
    bp.static("/i18n", str(handout.CONSOLE_WEB / "i18n"), name="console_i18n")

    def edits() -> EditLog:
        return EditLog(settings().edits_database)

    def authenticated(role_check=None, csrf: bool = True):
        """Handlers that need a session (and, for changes, its CSRF token in ``X-CSRF-Token``)."""

        def wrap(handler):
            @functools.wraps(handler)
            async def checked(request: Request, *args, **kwargs):
                session = await _blocking(store.session, request.cookies.get(COOKIE))
                if session is None:
                    return _error(401, "log in first")
                if csrf and not csrf_ok(session, request.headers.get(CSRF_HEADER)):
                    return _error(403, "missing or wrong CSRF token: reload the page")
                if role_check and not role_check(session.account):
                    return _error(403, "your account may not do this")
                return await handler(request, session, *args, **kwargs)

            return checked

        return wrap

    @bp.middleware("response")
    async def security_headers(request: Request, response: HTTPResponse):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)

    # Pages ----------------------------------------------------------------------------------------------
    @bp.get("/")
    async def page(request: Request):
        return await responses.file(handout.CONSOLE_WEB / "index.html", mime_type="text/html; charset=utf-8")

    # Sessions -------------------------------------------------------------------------------------------
    @bp.post("/api/login")
    async def login(request: Request):
        body = _body(request)
        if (
            body is None
            or not isinstance(body.get("username"), str)
            or not isinstance(body.get("password"), str)
        ):
            return _error(400, 'send {"username": …, "password": …} as application/json')
        client = request.remote_addr or request.ip
        try:
            session = await _blocking(store.login, body["username"][:100], body["password"][:1000], client)
        except TooManyAttempts as error:
            return _error(429, "too many failed logins: wait and try again", retry_after=error.retry_after)
        except LoginRefused:
            return _error(401, "wrong name or password")
        answer = responses.json(_account_json(session))
        answer.cookies[COOKIE] = session.token
        cookie = answer.cookies[COOKIE]
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["secure"] = config.secure_cookies
        cookie["path"] = url_prefix or "/"
        cookie["max-age"] = int((session.expires - datetime.now(session.expires.tzinfo)).total_seconds())
        return answer

    @bp.post("/api/logout")
    @authenticated()
    async def logout(request: Request, session: Session):
        await _blocking(store.logout, session.token)
        answer = responses.json({"ok": True})
        del answer.cookies[COOKIE]
        return answer

    @bp.get("/api/me")
    @authenticated(csrf=False)
    async def me(request: Request, session: Session):
        return responses.json(_account_json(session))

    # Data mode ------------------------------------------------------------------------------------------
    def _editable(session: Session, site_id: str) -> HTTPResponse | None:
        """An error response when the site is unknown or not the account's, else None."""
        try:
            open_kb().site(site_id)
        except KeyError:
            return _error(404, f"no site '{site_id}'")
        if not session.account.may_edit(site_id):
            return _error(403, "you may only change your own museum's data")
        return None

    @bp.get("/api/sites")
    @authenticated(csrf=False)
    async def sites(request: Request, session: Session):
        lang = "en" if request.args.get("lang") == "en" else "fr"
        kb = await _blocking(open_kb)
        listed = [site for site in kb.sites() if session.account.may_edit(site.id)]
        return responses.json([{"id": site.id, "name": site.name_in(lang)} for site in listed])

    @bp.get("/api/sites/<site_id>")
    @authenticated(csrf=False)
    async def site_blocks(request: Request, session: Session, site_id: str):
        refused = _editable(session, site_id)
        if refused:
            return refused
        blocks = await _blocking(data.site_blocks, site_id, settings().knowledge_dir, edits())
        return responses.json({"id": site_id, "blocks": blocks})

    async def _checked_edit(request: Request, session: Session, site_id: str):
        """(body, block value) of a preview or save, or an error response."""
        refused = _editable(session, site_id)
        if refused:
            return refused
        body = _body(request)
        if body is None or body.get("block") not in EDITABLE_BLOCKS:
            return _error(400, f"send block ({', '.join(EDITABLE_BLOCKS)}), text and source as JSON")
        try:
            value = await _blocking(
                data.proposed_block,
                site_id,
                body["block"],
                body.get("text"),
                body.get("source"),
                settings().knowledge_dir,
                edits(),
                _today(),
                body.get("closure"),
            )
        except data.EditRejected as error:
            return _error(422, "the change is not valid", problems=error.problems)
        return body, value

    def _preview(body: dict, site_id: str, value: Any) -> list[dict[str, str]]:
        try:
            day = date.fromisoformat(body.get("date") or _today().isoformat())
        except (TypeError, ValueError):
            day = _today()
        lang = "en" if body.get("lang") == "en" else "fr"
        return data.preview(open_kb(), site_id, body["block"], value, day, _today(), lang)

    @bp.post("/api/sites/<site_id>/preview")
    @authenticated()
    async def preview(request: Request, session: Session, site_id: str):
        checked = await _checked_edit(request, session, site_id)
        if isinstance(checked, HTTPResponse):
            return checked
        body, value = checked
        answers = await _blocking(_preview, body, site_id, value)
        return responses.json({"preview": answers, "text": data.block_yaml(value)})

    @bp.post("/api/sites/<site_id>/edits")
    @authenticated()
    async def save(request: Request, session: Session, site_id: str):
        checked = await _checked_edit(request, session, site_id)
        if isinstance(checked, HTTPResponse):
            return checked
        body, value = checked
        edit = await _blocking(
            edits().record, site_id, body["block"], value, session.account.username, body["source"]
        )
        await _blocking(open_kb)  # loaded again with the edit now, rather than at the next request
        return responses.json({"edit": _edit_json(edit)}, status=201)

    @bp.get("/api/sites/<site_id>/edits")
    @authenticated(csrf=False)
    async def history(request: Request, session: Session, site_id: str):
        refused = _editable(session, site_id)
        if refused:
            return refused
        return responses.json([_edit_json(edit) for edit in await _blocking(edits().history, site_id)])

    # Counter mode ---------------------------------------------------------------------------------------
    def counter_staff(account) -> bool:
        return account.may_use_counter

    @bp.get("/api/themes")
    @authenticated(counter_staff, csrf=False)
    async def themes(request: Request, session: Session):
        lang = "en" if request.args.get("lang") == "en" else "fr"
        kb = await _blocking(open_kb)
        return responses.json(
            {
                "themes": [{"id": theme.id, "label": theme.label_in(lang)} for theme in kb.themes()],
                "sites": [{"id": site.id, "name": site.name_in(lang)} for site in kb.sites()],
            }
        )

    def _plan(form: dict) -> dict:
        kb = open_kb()
        request, visitor = counter.read_form(form, kb, _today())
        result = plan_trip(request, kb=kb, today=_today())
        if isinstance(result, TripProblem):
            return {**problem_json(result), "text": render_problem(result)}
        return counter.priced(result, kb, visitor)

    def _timed(body: dict, use):
        """``use(plan, kb, visitor)`` on the circuit of ``body`` timed again (its order kept)."""
        problems: list[str] = []
        visitor = counter.read_visitor(body, problems)
        spec = counter.read_spec(body)
        if problems:
            raise counter.FormError(problems)
        kb = open_kb()
        try:
            plan = schedule_circuit(spec, kb=kb, lang=counter.CONTENT_LANGUAGE[visitor.lang], today=_today())
        except KeyError as error:
            raise counter.FormError([f"days: no site {error}"]) from None
        except ValueError as error:
            raise counter.FormError([f"days: {error}"]) from None
        return use(plan, kb, visitor)

    async def _counter_call(function, *args):
        """``function(*args)`` in a worker thread; a 422 naming the fields when the form is not valid."""
        try:
            return await _blocking(function, *args)
        except counter.FormError as error:
            return _error(422, "the form is not complete", problems=error.problems)

    @bp.post("/api/counter/plan")
    @authenticated(counter_staff)
    async def plan(request: Request, session: Session):
        body = _body(request)
        if body is None:
            return _error(400, "send the form as a JSON object")
        result = await _counter_call(_plan, body)
        return result if isinstance(result, HTTPResponse) else responses.json(result)

    @bp.post("/api/counter/schedule")
    @authenticated(counter_staff)
    async def reschedule(request: Request, session: Session):
        body = _body(request)
        if body is None:
            return _error(400, "send {circuit, days, adults, children, child_ages, lang} as JSON")
        result = await _counter_call(_timed, body, counter.priced)
        return result if isinstance(result, HTTPResponse) else responses.json(result)

    @bp.get("/handout")
    @authenticated(counter_staff, csrf=False)
    async def handout_page(request: Request, session: Session):
        # The circuit's link query, with the visitor's party and language beside it.
        query = {name: values[-1] for name, values in parse_qs(request.query_string).items()}
        body = {**query, "circuit": request.query_string}
        result = await _counter_call(_timed, body, handout.render_handout)
        return result if isinstance(result, HTTPResponse) else responses.html(result)

    @bp.post("/api/counter/email")
    @authenticated(counter_staff)
    async def email(request: Request, session: Session):
        body = _body(request)
        if body is None or not mail.valid_address(body.get("to")):
            return _error(400, "send {to: <e-mail address>, circuit, days, lang, …} as JSON")

        def send(plan, kb, visitor) -> None:
            subject = handout.strings(visitor.lang)["handout.mail_subject"].format(start=plan.start.name)
            html = handout.render_handout(plan, kb, visitor)
            mail.send(config, body["to"], subject, handout.handout_text(plan, kb, visitor), html)

        try:
            result = await _counter_call(_timed, body, send)
        except mail.MailNotConfigured:
            return _error(503, "no SMTP server is configured (SMTP_HOST)")
        except mail.MailFailed as error:
            return _error(502, f"the SMTP server did not take the message: {error}")
        return result if isinstance(result, HTTPResponse) else responses.json({"sent": body["to"]})

    return bp


def _edit_json(edit: Edit) -> dict[str, Any]:
    """An edit as the audit log shows it (who, when, which block, from which source)."""
    return {name: value for name, value in dataclasses.asdict(edit).items() if name != "value"}
