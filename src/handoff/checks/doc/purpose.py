"""What a passage, a command or a section of the documentation is about."""

from __future__ import annotations

import enum


class Purpose(str, enum.Enum):
    """Training, evaluation, running the model on inputs, or nothing said."""

    TRAINING = "training"
    EVALUATION = "evaluation"
    INFERENCE = "inference"
    NEUTRAL = "neutral"  # nothing says; most parts accept it
