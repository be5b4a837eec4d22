"""Messaging channels (Telegram, Messenger, WhatsApp through Twilio) as Rasa 3.6 input channels.

The platform logic is pure and tested without Rasa: reading a platform's webhook body into an
``Incoming`` message, checking its signature, rendering a reply in the platform's own form and
splitting long texts (``common``, ``telegram``, ``messenger``, ``whatsapp``); ``http`` sends the
platform API calls with timeouts and bounded retries. ``inputs`` holds the thin Rasa classes that
``credentials.yml`` names by module path; ``settings`` says which environment variables turn each
channel on (``make run`` reads it).
"""
