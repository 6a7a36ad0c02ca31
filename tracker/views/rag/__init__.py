"""The RAG summary of the plan's approved statuses for a term."""
