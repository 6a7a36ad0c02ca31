"""Bulk round trip: a term's updates exported to XLSX or CSV and imported back."""
