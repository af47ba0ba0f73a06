"""Chat faces of Clausewise (Slack, Teams): thin layers that parse, call the assistant, render."""
