"""Adapters over external tools (detect-secrets, bandit, pylint, ...): each turns the tool's
own API into the small data types handoff's checks use, so a rule never imports a tool."""
