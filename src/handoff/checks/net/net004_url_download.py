"""NET004 url-download: a model or data file downloaded from a URL at run time."""

from handoff.checks.net.downloads import URL
from handoff.checks.net.rule import NetRule


class UrlDownload(NetRule):  # pylint: disable=too-many-ancestors
    """NET004 (see `downloads.Downloads._url`)."""

    code = URL
