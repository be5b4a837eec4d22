"""Data mode: a museum's staff change their own site's hours, closures, prices, group or school
offers and own events. An edit is checked by the knowledge base's own validation, shown as the bot's answers before
and after, and saved into the edits log (``bot.knowledge.overlay``) with who, when and its source.

Blocks are edited as the YAML of the site file or of events.yaml (the fields ``knowledge/README.md``
and the events file describe), so
that every rule the files can hold can be changed here and nothing the files cannot hold is accepted.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.console.problems import Problems
from bot.conversation.events import events_reply
from bot.conversation.groups import group_reply
from bot.conversation.sites import Asked, answer_about_site
from bot.knowledge import KnowledgeBase, Party, Site
from bot.knowledge.files import EVENTS_FILE, SITES_DIR, THEMES_FILE, KnowledgeFiles, plain_yaml, read_yaml
from bot.knowledge.overlay import EDITABLE_BLOCKS, EVENTS_BLOCK, Edit, EditLog, apply_edits, own_event
from bot.knowledge.schema import URL
from bot.knowledge.validate import validate_files

# Blocks with a status carry their own source and verified-on date, which an edit sets.
SOURCED_BLOCKS = ("hours", "prices")
PREVIEW_FAMILY = Party(adults=2, children=2, child_ages=(8, 12))
PREVIEW_DAYS = 7
PREVIEW_EVENT_DAYS = 365
MAX_BLOCK_CHARS = 20_000


class EditRejected(Problems):
    """An edit that cannot be saved."""


def knowledge_now(site_id: str, knowledge_dir: Path, edits: EditLog) -> KnowledgeFiles:
    """The site's file, the themes and the events as the bot knows them now (the edits in force)."""
    root = Path(knowledge_dir)
    files = KnowledgeFiles(
        root,
        sites=[read_yaml(root / SITES_DIR / f"{site_id}.yaml")],
        themes=read_yaml(root / THEMES_FILE),
        events=read_yaml(root / EVENTS_FILE),
    )
    return apply_edits(files, edits.in_force())


def block_yaml(value: Any) -> str:
    """A block as the form shows it."""
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)


def site_blocks(site_id: str, knowledge_dir: Path, edits: EditLog) -> dict[str, str]:
    """Each block the site's staff may change, as the YAML the form shows."""
    files = knowledge_now(site_id, knowledge_dir, edits)
    site = files.sites[0].data
    own = [event for event in files.events.data.get("events") or [] if own_event(event, site_id)]
    return {block: block_yaml(own if block == EVENTS_BLOCK else site.get(block)) for block in EDITABLE_BLOCKS}


def _own_events(value: Any, site_id: str, source: str, today: date) -> list[dict[str, Any]]:
    """The events of the form, each made the site's own, with the source when it gives none."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(event, dict) for event in value):
        raise EditRejected(["events: a list of events (id, name, rule, themes, description)"])
    dated = {"source": source, "verified_on": today.isoformat()}
    return [
        {**event, "scope": "sites", "sites": [site_id], **(dated if not event.get("source") else {})}
        for event in value
    ]


def with_closure(hours: Any, closure: Any) -> Any:
    """``hours`` with one more closure from the closure form: ``{"from", "to"}`` (YYYY-MM-DD for
    one year, MM-DD for every year) and its label ``{"fr", "en"}``; the rules check the dates."""
    if not isinstance(hours, dict) or not isinstance(closure, dict):
        raise EditRejected(["closure: from, to and a label in French and English"])
    label = {lang: str(closure.get(f"label_{lang}") or "").strip()[:200] for lang in ("fr", "en")}
    if not all(label.values()):
        raise EditRejected(["closure.label: say why it is closed, in French and in English"])
    entry = {"from": str(closure.get("from") or ""), "to": str(closure.get("to") or ""), "label": label}
    return {**hours, "closures": [*(hours.get("closures") or []), entry]}


def proposed_block(
    site_id: str,
    block: str,
    text: str,
    source: str,
    knowledge_dir: Path,
    edits: EditLog,
    today: date,
    closure: dict | None = None,
) -> Any:
    """The block the form's YAML ``text`` gives (hours with ``closure`` added, when the closure form
    sends one), checked as the knowledge files are; EditRejected lists the problems. Hours and
    prices get ``source`` and today as their verified-on date; events become the site's own."""
    problems = []
    if block not in EDITABLE_BLOCKS:
        problems.append(f"block must be one of {', '.join(EDITABLE_BLOCKS)}")
    if not isinstance(source, str) or not source.startswith(("http://", "https://")) or len(source) > 500:
        problems.append(f"source: the address of the page that says it ({URL['pattern']}…)")
    if not isinstance(text, str) or len(text) > MAX_BLOCK_CHARS:
        problems.append(f"{block}: at most {MAX_BLOCK_CHARS} characters")
    if problems:
        raise EditRejected(problems)
    try:
        value = plain_yaml(yaml.safe_load(text))
    except yaml.YAMLError as error:
        raise EditRejected([f"{block}: not readable YAML: {' '.join(str(error).split())}"]) from None
    if closure is not None:
        value = with_closure(value, closure) if block == "hours" else value
    if block in SOURCED_BLOCKS and isinstance(value, dict) and value.get("status") != "unknown":
        value = {**value, "source": source, "verified_on": today.isoformat()}
    if block == EVENTS_BLOCK:
        value = _own_events(value, site_id, source, today)
    edit = Edit(0, site_id, block, value, "", "", source)
    files = apply_edits(knowledge_now(site_id, knowledge_dir, edits), [edit])
    # Only the problems of the site and of its own events (the last of the list, named by their id or
    # by their place): the files not given here (the other sites) are checked when the base is built.
    own_events = value if block == EVENTS_BLOCK else []
    own_ids = {event.get("id") for event in own_events}
    first_own = len(files.events.data.get("events") or []) - len(own_events)

    def own(issue) -> bool:
        if issue.file == files.sites[0].name:
            return True
        place = re.match(r"events\[(\d+)\]", issue.field)
        return issue.file == files.events.name and (
            issue.site in own_ids or bool(place and int(place[1]) >= first_own)
        )

    issues = [issue for issue in validate_files(files) if own(issue)]
    if issues:
        raise EditRejected([f"{issue.field}: {issue.message}" for issue in issues])
    return value


def _answers(
    kb: KnowledgeBase, site: Site, block: str, day: date, today: date, lang: str
) -> list[tuple[str, str]]:
    """(question, the bot's answer) for what ``block`` decides."""
    if block == "hours":
        week = Asked(today, day=day, until=day + timedelta(days=PREVIEW_DAYS - 1))
        return [
            ("hours_day", answer_about_site(kb, site, "hours", lang, Asked(today, day=day)).text),
            ("hours_week", answer_about_site(kb, site, "hours", lang, week).text),
        ]
    if block == "prices":
        return [
            (
                "price_family",
                answer_about_site(kb, site, "price", lang, Asked(today, party=PREVIEW_FAMILY)).text,
            )
        ]
    if block == EVENTS_BLOCK:
        year = events_reply(
            kb, day, day + timedelta(days=PREVIEW_EVENT_DAYS), today, lang, [site.id], only_sites=True
        )
        return [("events_year", year.text)]
    return [(f"offer_{block}", group_reply(kb, [site], block == "schools", lang).text)]


def preview(
    kb: KnowledgeBase, site_id: str, block: str, value: Any, day: date, today: date, lang: str
) -> list[dict[str, str]]:
    """What the bot says now and what it will say with the edit, question by question."""
    changed = kb.with_edits([Edit(0, site_id, block, value, "", "", "")])
    before = _answers(kb, kb.site(site_id), block, day, today, lang)
    after = _answers(changed, changed.site(site_id), block, day, today, lang)
    return [
        {"question": question, "before": old, "after": new}
        for (question, old), (_, new) in zip(before, after, strict=True)
    ]
