"""The Microsoft Teams bot (Microsoft 365 Agents SDK) and the outgoing webhook.

Only this package imports the SDK; the app calls `mount_teams`.
"""

from bots.teams.listener import TeamsBot, mount_teams

__all__ = ["TeamsBot", "mount_teams"]
