"""Stand-ins for the messaging platforms, both ways, on 127.0.0.1 (free port):

- their APIs, as the assistant calls them: Telegram's Bot API (``/bot<token>/<method>``), the Graph
  API's Send API (``/me/messages``) and user profile, Twilio's ``Messages.json``; each checks its
  credentials and the platform's limits and answers with the real shapes (success and error), and
  records every call (``calls``, ``transcript()``); ``down = True`` makes it answer 503;
- their webhook deliveries, as the platform posts them to the assistant: ``TelegramStub.update``,
  ``MessengerStub.event``, ``TwilioStub.form`` build the bodies, ``post`` signs and sends them.

Field names follow the platforms' references (core.telegram.org/bots/api, the Messenger Platform's
webhook events and Send API, Twilio's Programmable Messaging webhook and Message resource).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from twilio.request_validator import RequestValidator


@dataclass
class Call:
    method: str  # HTTP method
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    fields: dict[str, Any]  # the JSON body, or the form's fields (a file as {"filename", "bytes"})


@dataclass
class Answer:
    status: int
    body: Any


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


def _fields(content_type: str, raw: bytes) -> dict[str, Any]:
    if content_type.startswith("application/json"):
        return json.loads(raw or b"null") or {}
    if content_type.startswith("application/x-www-form-urlencoded"):
        return {key: values[0] for key, values in parse_qs(raw.decode(), keep_blank_values=True).items()}
    if content_type.startswith("multipart/form-data"):
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + raw)
        found: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            found[name] = {"filename": filename, "bytes": payload} if filename else payload.decode()
        return found
    return {}


class PlatformStub:
    """A platform's API on a free port; subclasses answer in ``answer(call)``."""

    platform = ""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.down = False
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self.webhook_url = ""  # where the assistant listens, set by the tests once the stack runs

    # --- the API side ---------------------------------------------------------------------------
    def start(self) -> PlatformStub:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                parts = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                call = Call(
                    self.command,
                    parts.path,
                    {key: values[0] for key, values in parse_qs(parts.query).items()},
                    dict(self.headers.items()),
                    _fields(self.headers.get("Content-Type") or "", raw),
                )
                if stub.down:
                    answer = Answer(503, {"error": "service unavailable"})
                else:
                    with stub._lock:
                        stub.calls.append(call)
                    answer = stub.answer(call)
                payload = json.dumps(answer.body).encode()
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _handle  # noqa: N815 (http.server's naming)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the stub first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def answer(self, call: Call) -> Answer:
        raise NotImplementedError

    def calls_to(self, user: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if self.recipient(call) == user]

    def recipient(self, call: Call) -> str | None:
        raise NotImplementedError

    def transcript(self, user: str) -> str:
        """What ``user`` would have received, one block per API call."""
        return "\n".join(self.describe(call) for call in self.calls_to(user))

    def describe(self, call: Call) -> str:
        raise NotImplementedError

    # --- the webhook side -----------------------------------------------------------------------
    def post(self, body: bytes, headers: dict[str, str]) -> int:
        """Deliver ``body`` to the assistant's webhook as the platform would; the HTTP status."""
        request = urllib.request.Request(self.webhook_url, body, headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


# --- Telegram ----------------------------------------------------------------------------------
class TelegramStub(PlatformStub):
    platform = "telegram"
    token = "123456:stub-telegram-token"
    secret_token = "stub-secret_token-1"
    _update_ids = itertools.count(1000)
    _message_ids = itertools.count(1)

    def env(self) -> dict[str, str]:
        return {
            "TELEGRAM_ACCESS_TOKEN": self.token,
            "TELEGRAM_SECRET_TOKEN": self.secret_token,
            "TELEGRAM_API_URL": self.url,
        }

    def answer(self, call: Call) -> Answer:
        prefix = f"/bot{self.token}/"
        if not call.path.startswith(prefix):
            return Answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        method, fields = call.path.removeprefix(prefix), call.fields
        if method in ("sendMessage", "sendLocation", "sendDocument", "sendPhoto") and not fields.get(
            "chat_id"
        ):
            return _telegram_error("Bad Request: chat_id is empty")
        if method == "sendMessage":
            text = fields.get("text") or ""
            if not text.strip():
                return _telegram_error("Bad Request: message text is empty")
            if len(text.encode("utf-16-le")) // 2 > 4096:
                return _telegram_error("Bad Request: message is too long")
            for row in (fields.get("reply_markup") or {}).get("inline_keyboard", []):
                if any(not 1 <= len(button.get("callback_data", "").encode()) <= 64 for button in row):
                    return _telegram_error("Bad Request: BUTTON_DATA_INVALID")
        if method == "setWebhook":
            return Answer(200, {"ok": True, "result": True, "description": "Webhook was set"})
        if method == "answerCallbackQuery":
            return Answer(200, {"ok": True, "result": True})
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": int(fields.get("chat_id") or 0), "type": "private"},
        }
        return Answer(200, {"ok": True, "result": message})

    def recipient(self, call: Call) -> str | None:
        chat = call.fields.get("chat_id")
        return str(chat) if chat is not None else None

    def describe(self, call: Call) -> str:
        method, fields = call.path.rsplit("/", 1)[-1], call.fields
        if method == "sendMessage":
            buttons = [
                f"[{b['text']} -> {b['callback_data']}]"
                for row in (fields.get("reply_markup") or {}).get("inline_keyboard", [])
                for b in row
            ]
            return f"sendMessage ({len(fields['text'])} chars):\n{fields['text']}" + (
                "\n" + " ".join(buttons) if buttons else ""
            )
        if method == "sendDocument":
            return (
                f"sendDocument: {fields['document']['filename']} ({len(fields['document']['bytes'])} bytes)"
            )
        if method == "sendLocation":
            return f"sendLocation: {fields['latitude']}, {fields['longitude']}"
        return f"{method}: {json.dumps(fields, ensure_ascii=False)}"

    def sent_texts(self, chat: str) -> list[str]:
        return [call.fields["text"] for call in self.calls_to(chat) if call.path.endswith("/sendMessage")]

    def update(
        self,
        chat: str,
        *,
        text: str | None = None,
        location=None,
        callback: str | None = None,
        language: str = "fr",
        update_id: int | None = None,
    ) -> dict:
        user = {"id": int(chat), "is_bot": False, "first_name": "Camille", "language_code": language}
        update: dict[str, Any] = {"update_id": update_id if update_id is not None else next(self._update_ids)}
        message = {
            "message_id": next(self._message_ids),
            "from": user,
            "date": int(time.time()),
            "chat": {"id": int(chat), "type": "private", "first_name": "Camille"},
        }
        if callback is not None:
            update["callback_query"] = {
                "id": f"cq{update['update_id']}",
                "from": user,
                "message": message,
                "chat_instance": "1",
                "data": callback,
            }
        elif location is not None:
            update["message"] = {**message, "location": {"latitude": location[0], "longitude": location[1]}}
        else:
            update["message"] = {**message, "text": text}
        return update

    def deliver(self, update: dict, secret: str | None = None) -> int:
        secret = self.secret_token if secret is None else secret
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret}
        return self.post(json.dumps(update).encode(), headers)


def _telegram_error(description: str) -> Answer:
    return Answer(400, {"ok": False, "error_code": 400, "description": description})


# --- Messenger ---------------------------------------------------------------------------------
class MessengerStub(PlatformStub):
    platform = "messenger"
    verify_token = "stub-verify-token"
    app_secret = "stub-app-secret"
    page_token = "stub-page-access-token"
    page_id = "1000000000001"
    _mids = itertools.count(1)

    def __init__(self) -> None:
        super().__init__()
        self.locales: dict[str, str] = {}  # user -> profile locale; others: the page may not read it

    def env(self) -> dict[str, str]:
        return {
            "FACEBOOK_VERIFY_TOKEN": self.verify_token,
            "FACEBOOK_APP_SECRET": self.app_secret,
            "FACEBOOK_PAGE_ACCESS_TOKEN": self.page_token,
            "FACEBOOK_GRAPH_URL": self.url + "/v18.0",
        }

    def answer(self, call: Call) -> Answer:
        if call.query.get("access_token") != self.page_token:
            return Answer(400, _graph_error("Invalid OAuth access token - Cannot parse access token", 190))
        if call.method == "GET":
            user = call.path.rsplit("/", 1)[-1]
            if user in self.locales:
                return Answer(200, {"locale": self.locales[user], "id": user})
            return Answer(400, _graph_error("Unsupported get request.", 100))
        if call.path != "/v18.0/me/messages":
            return Answer(400, _graph_error("Unknown path components", 2500))
        fields = call.fields
        recipient = _json_field(fields.get("recipient"))
        message = _json_field(fields.get("message"))
        if not (recipient or {}).get("id") or not message:
            return Answer(400, _graph_error("(#100) param recipient must be non-empty.", 100))
        if len(message.get("text") or "") > 2000:
            return Answer(
                400,
                _graph_error("(#100) Length of param message[text] must be less than or equal to 2000", 100),
            )
        replies = message.get("quick_replies") or []
        if len(replies) > 13 or any(len(reply.get("title", "")) > 20 for reply in replies):
            return Answer(400, _graph_error("(#100) Invalid quick_replies", 100))
        return Answer(200, {"recipient_id": recipient["id"], "message_id": f"m_{next(self._mids)}"})

    def recipient(self, call: Call) -> str | None:
        if call.method == "GET":  # the user profile
            return call.path.rsplit("/", 1)[-1]
        return (_json_field(call.fields.get("recipient")) or {}).get("id")

    def describe(self, call: Call) -> str:
        if call.method == "GET":
            return f"profile: {call.query.get('fields')}"
        message = _json_field(call.fields.get("message")) or {}
        if "filedata" in call.fields:
            file = call.fields["filedata"]
            return f"send file: {file['filename']} ({len(file['bytes'])} bytes)"
        text = message.get("text") or ""
        replies = " ".join(f"[{r['title']} -> {r['payload']}]" for r in message.get("quick_replies") or [])
        return f"send ({len(text)} chars):\n{text}" + ("\n" + replies if replies else "")

    def sent_texts(self, user: str) -> list[str]:
        return [
            (_json_field(call.fields.get("message")) or {}).get("text")
            for call in self.calls_to(user)
            if (_json_field(call.fields.get("message")) or {}).get("text")
        ]

    def event(
        self,
        user: str,
        *,
        text: str | None = None,
        location=None,
        quick_reply: str | None = None,
        mid: str | None = None,
    ) -> dict:
        message: dict[str, Any] = {"mid": mid or f"m_in_{next(self._mids)}"}
        if quick_reply is not None:
            message.update(text="button", quick_reply={"payload": quick_reply})
        elif location is not None:
            coordinates = {"lat": location[0], "long": location[1]}
            message["attachments"] = [{"type": "location", "payload": {"coordinates": coordinates}}]
        else:
            message["text"] = text
        event = {
            "sender": {"id": user},
            "recipient": {"id": self.page_id},
            "timestamp": int(time.time() * 1000),
            "message": message,
        }
        return {
            "object": "page",
            "entry": [{"id": self.page_id, "time": event["timestamp"], "messaging": [event]}],
        }

    def deliver(self, body: dict, secret: str | None = None) -> int:
        raw = json.dumps(body).encode()
        key = (self.app_secret if secret is None else secret).encode()
        signature = "sha256=" + hmac.new(key, raw, hashlib.sha256).hexdigest()
        return self.post(raw, {"Content-Type": "application/json", "X-Hub-Signature-256": signature})


def _graph_error(message: str, code: int) -> dict:
    return {"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "stub"}}


def _json_field(value: Any) -> Any:
    """A Send API parameter: JSON in a JSON body, a JSON string in a multipart form."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


# --- WhatsApp through Twilio -------------------------------------------------------------------
class TwilioStub(PlatformStub):
    platform = "twilio"
    account_sid = "AC" + "0" * 32
    auth_token = "stub-twilio-auth-token"
    number = "whatsapp:+14155238886"
    # The public URL Twilio is given (a proxy in front of Rasa): signatures are computed on it.
    public_url = "https://bot.example.org/webhooks/twilio/webhook"
    _sids = itertools.count(1)

    def env(self) -> dict[str, str]:
        return {
            "TWILIO_ACCOUNT_SID": self.account_sid,
            "TWILIO_AUTH_TOKEN": self.auth_token,
            "TWILIO_WHATSAPP_NUMBER": self.number,
            "TWILIO_WEBHOOK_URL": self.public_url,
            "TWILIO_API_URL": self.url,
        }

    def answer(self, call: Call) -> Answer:
        expected = "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if call.headers.get("Authorization") != expected:
            return Answer(401, _twilio_error(20003, "Authenticate", 401))
        if call.path != f"/2010-04-01/Accounts/{self.account_sid}/Messages.json" or call.method != "POST":
            return Answer(404, _twilio_error(20404, "The requested resource was not found", 404))
        fields = call.fields
        if not fields.get("To") or not fields.get("From"):
            return Answer(400, _twilio_error(21604, "A 'To' phone number is required.", 400))
        body = fields.get("Body") or ""
        if not body:
            return Answer(400, _twilio_error(21602, "Message body is required.", 400))
        if len(body) > 1600:
            return Answer(
                400,
                _twilio_error(21617, "The concatenated message body exceeds the 1600 character limit.", 400),
            )
        sid = f"SM{next(self._sids):032d}"
        return Answer(
            201,
            {
                "sid": sid,
                "account_sid": self.account_sid,
                "to": fields["To"],
                "from": fields["From"],
                "body": body,
                "status": "queued",
                "num_segments": "1",
                "direction": "outbound-api",
                "api_version": "2010-04-01",
                "error_code": None,
                "error_message": None,
                "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
            },
        )

    def recipient(self, call: Call) -> str | None:
        return call.fields.get("To")

    def describe(self, call: Call) -> str:
        body = call.fields.get("Body") or ""
        return f"Messages.json ({len(body)} chars):\n{body}"

    def sent_texts(self, user: str) -> list[str]:
        return [call.fields.get("Body") or "" for call in self.calls_to(user)]

    def form(
        self, user: str, *, text: str | None = None, location=None, sid: str | None = None
    ) -> dict[str, str]:
        form = {
            "SmsMessageSid": "",
            "NumMedia": "0",
            "ProfileName": "Camille",
            "WaId": user.removeprefix("whatsapp:+"),
            "SmsStatus": "received",
            "To": self.number,
            "NumSegments": "1",
            "From": user,
            "AccountSid": self.account_sid,
            "ApiVersion": "2010-04-01",
        }
        form["MessageSid"] = form["SmsMessageSid"] = sid or f"SM{next(self._sids) + 10**9:032d}"
        if location is not None:
            form.update(Latitude=str(location[0]), Longitude=str(location[1]), Body="")
        else:
            form["Body"] = text or ""
        return form

    def deliver(self, form: dict[str, str], token: str | None = None) -> int:
        signature = RequestValidator(self.auth_token if token is None else token).compute_signature(
            self.public_url, form
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
        return self.post(urlencode(form).encode(), headers)


def _twilio_error(code: int, message: str, status: int) -> dict:
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


@dataclass
class Platforms:
    telegram: TelegramStub = field(default_factory=TelegramStub)
    messenger: MessengerStub = field(default_factory=MessengerStub)
    twilio: TwilioStub = field(default_factory=TwilioStub)

    def all(self) -> list[PlatformStub]:
        return [self.telegram, self.messenger, self.twilio]

    def start(self) -> Platforms:
        for stub in self.all():
            stub.start()
        return self

    def stop(self) -> None:
        for stub in self.all():
            stub.stop()

    def env(self) -> dict[str, str]:
        return {**self.telegram.env(), **self.messenger.env(), **self.twilio.env()}


def main(argv: list[str] | None = None) -> int:
    """Try the channels by hand against the stand-ins (README, "Messaging channels"):

    ``python -m tests.stubs.platforms serve`` starts the three platform APIs, prints the variables to
    export before ``make run`` and then every call the assistant makes; ``python -m tests.stubs.platforms
    say telegram|messenger|twilio RASA_URL TEXT [--user ID]`` delivers a message as the platform would.
    """
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tests.stubs.platforms", description=main.__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve")
    say = commands.add_parser("say")
    say.add_argument("platform", choices=["telegram", "messenger", "twilio"])
    say.add_argument("rasa_url")
    say.add_argument("text")
    say.add_argument("--user", default="4242")
    args = parser.parse_args(argv)
    platforms = Platforms()
    if args.command == "say":
        stub = getattr(platforms, args.platform)
        path = {"telegram": "telegram", "messenger": "facebook", "twilio": "twilio"}[args.platform]
        stub.webhook_url = f"{args.rasa_url.rstrip('/')}/webhooks/{path}/webhook"
        if args.platform == "telegram":
            status = stub.deliver(stub.update(args.user, text=args.text))
        elif args.platform == "messenger":
            status = stub.deliver(stub.event(args.user, text=args.text))
        else:
            status = stub.deliver(stub.form(f"whatsapp:+33{args.user}", text=args.text))
        print(f"HTTP {status}")
        return 0 if status == 200 else 1
    platforms.start()
    print("".join(f"export {name}={value}\n" for name, value in platforms.env().items()), flush=True)
    shown = {stub.platform: 0 for stub in platforms.all()}
    try:
        while True:
            for stub in platforms.all():
                for call in stub.calls[shown[stub.platform] :]:
                    print(f"--- {stub.platform} -> {stub.recipient(call)}\n{stub.describe(call)}", flush=True)
                shown[stub.platform] = len(stub.calls)
            time.sleep(0.5)
    except KeyboardInterrupt:
        return 0
    finally:
        platforms.stop()


if __name__ == "__main__":
    raise SystemExit(main())
