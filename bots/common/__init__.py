"""What every chat bot shares: commands, channel access, follow-ups, the journal, the core."""
