"""Agent Handbook: turn a folder of AI agent definition files into a team handbook."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "load_team"]


def __getattr__(name: str):  # lazy, so ``import agent_handbook`` stays cheap
    if name == "load_team":
        from .team import load_team

        return load_team
    raise AttributeError(name)
