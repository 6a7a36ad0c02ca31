"""What the tracker knows about a school besides its name."""

SCHOOL_PHASES = (
    "primary",
    "secondary",
    "special",
    "first",
    "middle",
    "upper",
    "all-through",
    "alternative provision",
)
