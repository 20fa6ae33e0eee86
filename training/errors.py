"""The one exception type the training pipeline raises for bad input."""


class TrainingError(Exception):
    """A problem the user can act on: bad corpus, wrong checkpoint, existing target.

    The message names the file (and byte offset where relevant) and what to do.
    Existing model folders and checkpoints are never modified when this is raised.
    """
