"""The HTTP API (FastAPI): the same functions as the CLI, behind bearer API keys."""

from assistant.api.app import create_app

__all__ = ["create_app"]
