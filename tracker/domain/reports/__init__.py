"""Board reports as plain data: what each document says, independent of its format.

``model`` holds the three documents (every figure, status and text they show),
``assembly`` builds them from gathered facts, the ``*_layout`` modules turn each into a
format-neutral ``layout.Document`` (headings, tables, charts, sheets) that every renderer
formats without querying anything.
"""
