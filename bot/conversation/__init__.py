"""The dialogue's logic, free of Rasa: the custom actions in ``actions/`` are thin adapters over it.

- ``dialogue``: each custom action's answer and how it is framed; ``respond`` is what the actions call.
- ``frame``: what every turn shares (the turn read, notes, the slots every answer sets, errors);
  ``situation``: where the conversation stands (slots, the bot's last action, the day).
- ``answers``, ``chat``, ``circuit``: one function a kind of turn, ``(Turn, Situation) -> Answer``.
- ``turn``: the latest message (text, intent, entities) and the language to answer in.
- ``trip_details``: what a message says about a trip (start, themes, duration, dates, mode, party),
  checked, with a specific question back for what cannot be used.
- ``form``: one turn of the circuit form: read the message, name the next question; its questions.
- ``planning``: slots -> ``TripRequest``, the circuit reply (text, buttons, JSON), refinements.
- ``sites``, ``nearby``, ``events``, ``groups``: answers about sites, what is near, commemorations,
  group and school offers.
- ``replies``: ``Reply`` (text, buttons, custom payload), quick-reply buttons, ``Answer`` and its event
  codes.

Every text comes from ``bot/texts/<lang>/dialogue.yaml`` (and ``circuit.yaml`` for circuits).
"""
