"""Outcome indicators: their statuses, trends and the manual values behind some of them."""
