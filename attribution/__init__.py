"""attribution: quote and claim attribution for fact-checkers."""
from .errors import AttributionError
from .models import Claim, Cue, Match, Quote, Speaker

__all__ = ["AttributionError", "Claim", "Cue", "Match", "Quote", "Speaker"]
__version__ = "0.1.0"
