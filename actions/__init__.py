"""Custom actions: thin rasa-sdk adapters over ``bot.conversation`` (the dialogue logic) and ``bot.trip``."""
