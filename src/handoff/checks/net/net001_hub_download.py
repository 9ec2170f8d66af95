"""NET001 hub-download: a model, tokenizer or pipeline loaded from a hub by a literal id."""

from handoff.checks.net.downloads import HUB
from handoff.checks.net.rule import NetRule


class HubDownload(NetRule):  # pylint: disable=too-many-ancestors
    """NET001 (see `downloads.Downloads._hub`)."""

    code = HUB
