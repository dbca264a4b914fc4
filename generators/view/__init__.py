"""The lesson view: every fact more than one document shows, computed once per lesson."""
