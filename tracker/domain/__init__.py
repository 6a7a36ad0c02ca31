"""Pure domain code: rules and calculations with no Flask or database import."""
