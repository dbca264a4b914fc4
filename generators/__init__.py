"""Lessonkit turns lesson files (lessons/*.yaml) into classroom materials; `python -m generators` runs it."""
