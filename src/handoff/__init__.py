"""handoff: get ML research code ready to hand to a production team."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("handoff")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
