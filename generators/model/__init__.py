"""The lesson model: typed, documented fields; the problems found in a teacher's file; the loaded lesson."""
