"""Questions about sites, lists, nearby sites, events and group offers (``bot.conversation.answers``)."""

from __future__ import annotations

from actions.base import DialogueAction
from bot.conversation import answers
from bot.conversation.frame import Manners

# Trip details said beside a question are kept for the circuit asked later.
REMEMBERING = Manners(remembers_trip_details=True)
REMEMBERING_AND_TAKING_TRIPS = Manners(remembers_trip_details=True, takes_trip_requests=True)


class AnswerSiteQuestion(DialogueAction):
    action_name = answers.SITE_QUESTION_ACTION
    respond = answers.site_question
    manners = REMEMBERING_AND_TAKING_TRIPS


class ListThemes(DialogueAction):
    action_name = "action_list_themes"
    respond = answers.themes_list
    manners = REMEMBERING


class ListSitesByTheme(DialogueAction):
    action_name = "action_list_sites_by_theme"
    respond = answers.sites_of_theme
    manners = REMEMBERING


class ListMembers(DialogueAction):
    action_name = "action_list_members"
    respond = answers.members_list
    manners = REMEMBERING_AND_TAKING_TRIPS


class FindNearby(DialogueAction):
    action_name = answers.FIND_NEARBY_ACTION
    respond = answers.nearby
    manners = REMEMBERING_AND_TAKING_TRIPS


class ShareLocation(DialogueAction):
    action_name = answers.SHARE_LOCATION_ACTION
    respond = answers.shared_location


class Events(DialogueAction):
    action_name = answers.EVENTS_ACTION
    respond = answers.events
    manners = REMEMBERING


class GroupOffer(DialogueAction):
    action_name = "action_group_offer"
    respond = answers.group_offer
    manners = REMEMBERING_AND_TAKING_TRIPS
