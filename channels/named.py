"""Rasa asks every channel for its name, which is also its URL (/webhooks/<name>/): each channel
states it once, as a class attribute."""

from __future__ import annotations

from typing import ClassVar


class Named:
    channel_name: ClassVar[str]

    @classmethod
    def name(cls) -> str:
        return cls.channel_name
