"""Teams activity handlers: the bot's messages and invokes, and the outgoing webhook."""
