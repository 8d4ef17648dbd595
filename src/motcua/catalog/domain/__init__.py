"""Pure rules of the catalog app (no Django), in three modules: ``rules`` (labels, time
limits, fees, step plans), ``search`` (ranking) and ``rows`` (checks of imported rows)."""

from motcua.catalog.domain.rules import (
    Level,
    Limit,
    LimitUnit,
    OnlineLevel,
    Step,
    StepUnit,
    describe_fee,
    describe_limit,
    steps_problem,
)
from motcua.catalog.domain.search import SearchDoc, SearchHit, SearchIndex, build_index

__all__ = [
    "Level", "Limit", "LimitUnit", "OnlineLevel", "SearchDoc", "SearchHit", "SearchIndex",
    "Step", "StepUnit", "build_index", "describe_fee", "describe_limit", "steps_problem",
]
