"""Paper sources: the arXiv API client and the local SQLite library."""
