"""NET003 dataset-download: a dataset fetched by the code that uses it."""

from handoff.checks.net.downloads import DATASET
from handoff.checks.net.rule import NetRule


class DatasetDownload(NetRule):  # pylint: disable=too-many-ancestors
    """NET003 (see `downloads.Downloads._dataset`)."""

    code = DATASET
