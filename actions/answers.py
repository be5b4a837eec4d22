"""Questions about sites, lists, nearby sites, events and group offers (``bot.conversation.answers``)."""

from __future__ import annotations

from actions.base import DialogueAction


class AnswerSiteQuestion(DialogueAction):
    action_name = "action_answer_site"


class ListThemes(DialogueAction):
    action_name = "action_list_themes"


class ListSitesByTheme(DialogueAction):
    action_name = "action_list_sites_by_theme"


class ListMembers(DialogueAction):
    action_name = "action_list_members"


class FindNearby(DialogueAction):
    action_name = "action_find_nearby"


class ShareLocation(DialogueAction):
    action_name = "action_share_location"


class Events(DialogueAction):
    action_name = "action_events"


class GroupOffer(DialogueAction):
    action_name = "action_group_offer"
