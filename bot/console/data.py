"""Data mode: a museum's staff change their own site's hours, closures, prices and group or school
offers. An edit is checked by the knowledge base's own validation, shown as the bot's answers before
and after, and saved into the edits log (``bot.knowledge.overlay``) with who, when and its source.

Blocks are edited as the YAML of the site file (the same fields ``knowledge/README.md`` describes), so
that every rule the files can hold can be changed here and nothing the files cannot hold is accepted.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from bot.conversation.groups import group_reply
from bot.conversation.sites import Asked, answer_about_site
from bot.knowledge import KnowledgeBase, Party, Site
from bot.knowledge.files import SITES_DIR, THEMES_FILE, KnowledgeFiles, SourceFile, plain_yaml, read_yaml
from bot.knowledge.overlay import EDITABLE_BLOCKS, EditLog, apply_edits, with_block
from bot.knowledge.schema import URL
from bot.knowledge.validate import validate_files

# Blocks with a status carry their own source and verified-on date, which an edit sets.
SOURCED_BLOCKS = ("hours", "prices")
PREVIEW_FAMILY = Party(adults=2, children=2, child_ages=(8, 12))
PREVIEW_DAYS = 7
MAX_BLOCK_CHARS = 20_000


class EditRejected(ValueError):
    """An edit that cannot be saved: ``problems`` says why, field by field."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def site_data(site_id: str, knowledge_dir: Path, edits: EditLog) -> dict[str, Any]:
    """The site as the bot knows it now: its file with the edits in force."""
    path = Path(knowledge_dir) / SITES_DIR / f"{site_id}.yaml"
    files = KnowledgeFiles(Path(knowledge_dir), sites=[read_yaml(path)])
    return apply_edits(files, edits.in_force()).sites[0].data


def block_text(data: dict[str, Any], block: str) -> str:
    """The block as YAML, as the form shows it."""
    return yaml.safe_dump(
        data.get(block), allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
    )


def proposed_block(
    site_id: str, block: str, text: str, source: str, knowledge_dir: Path, edits: EditLog, today: date
) -> Any:
    """The block the form's YAML ``text`` gives, checked as the knowledge files are; EditRejected
    lists the problems. Hours and prices get ``source`` and today as their verified-on date."""
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
    if block in SOURCED_BLOCKS and isinstance(value, dict) and value.get("status") != "unknown":
        value = {**value, "source": source, "verified_on": today.isoformat()}
    data = with_block(site_data(site_id, knowledge_dir, edits), block, value)
    path = Path(knowledge_dir) / SITES_DIR / f"{site_id}.yaml"
    files = KnowledgeFiles(
        Path(knowledge_dir),
        sites=[SourceFile(path, data)],
        themes=read_yaml(Path(knowledge_dir) / THEMES_FILE),
    )
    source_file = files.sites[0]
    # Only the site's own problems: the other files are not given (checked when the base is built).
    issues = [issue for issue in validate_files(files) if issue.file == source_file.name]
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
    return [(f"offer_{block}", group_reply(kb, [site], block == "schools", lang).text)]


def preview(
    kb: KnowledgeBase, site_id: str, block: str, value: Any, day: date, today: date, lang: str
) -> list[dict[str, str]]:
    """What the bot says now and what it will say with the edit, question by question."""
    site = kb.site(site_id)
    changed = dataclasses.replace(site, **{block: value})
    before = _answers(kb, site, block, day, today, lang)
    after = _answers(kb.with_site(changed), changed, block, day, today, lang)
    return [
        {"question": question, "before": old, "after": new}
        for (question, old), (_, new) in zip(before, after, strict=True)
    ]
