"""Board reports: preview, download in each format, submit to a board, frozen submissions."""
