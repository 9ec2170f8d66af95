"""NET002 pretrained-weights-download: a constructor told to fetch pretrained weights."""

from handoff.checks.net.downloads import WEIGHTS
from handoff.checks.net.rule import NetRule


class PretrainedWeightsDownload(NetRule):  # pylint: disable=too-many-ancestors
    """NET002 (see `downloads.Downloads._weights`)."""

    code = WEIGHTS
