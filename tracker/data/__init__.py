"""Data access: small keyword-only functions that routes and commands call.

The transaction rule, applied everywhere: data-access functions add, change
and flush, but never commit. Whoever owns the unit of work (a route or a
command) wraps it in ``unit_of_work()``, which commits once at the end or
rolls everything back on any error. So an import or a seed is all or nothing.
"""
