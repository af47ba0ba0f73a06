"""The Slack face: Bolt listeners that parse, call the bot core and render Block Kit."""
