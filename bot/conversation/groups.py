"""Offers for school classes, groups and tour operators, from each site's ``groups``/``schools`` facts."""

from __future__ import annotations

from bot.conversation.replies import Reply
from bot.conversation.sites import audience_offer
from bot.knowledge import KnowledgeBase, Party, Site, in_language
from bot.texts import t
from bot.texts.formats import describe_party, format_amount, format_price


def _offer_lines(site: Site, school: bool, lang: str) -> list[str]:
    offer = audience_offer(site, school)
    lines = [t(lang, "dialogue.groups.site_header", name=site.name_in(lang))]
    text = in_language(offer, lang)
    lines.append(f"  {text}" if text else t(lang, "dialogue.groups.no_offer"))
    if offer.get("booking") in ("required", "advised"):
        lines.append("  " + t(lang, f"dialogue.site.booking_{offer['booking']}"))
    rates = site.prices or {}
    per_person = (rates.get("school" if school else "group") or {}).get(
        "per_pupil" if school else "per_person"
    )
    if per_person is not None:
        key = "dialogue.groups.rate_school" if school else "dialogue.groups.rate_group"
        lines.append("  " + t(lang, key, amount=format_amount(per_person, lang)))
    contact = offer.get("contact") or site.phone or site.website
    lines.append(
        "  " + t(lang, "dialogue.groups.contact", contact=contact or t(lang, "dialogue.site.unknown"))
    )
    return lines


def group_reply(
    kb: KnowledgeBase,
    named: list[Site],
    school: bool,
    lang: str,
    themes: list[str] | None = None,
    party: Party | None = None,
) -> Reply:
    """The offers of the sites ``named``, else the members' on ``themes`` (every member's when none
    is on them), with whom to book; for named sites and a party of known size, their prices."""
    sites = named or kb.sites(themes, members_only=True) or kb.sites(members_only=True)
    header = "dialogue.groups.header_school" if school else "dialogue.groups.header_group"
    lines = [t(lang, header)]
    for each in sites:
        lines += _offer_lines(each, school, lang)
        if each in named and party and (party.students or party.adults > 1):
            quote = kb.price(each.id, party)
            lines.append(
                t(
                    lang,
                    "dialogue.groups.party_price",
                    party=describe_party(party, lang),
                    price=format_price(quote, lang),
                )
            )
    return Reply("\n".join(lines))
