"""Helpers the tests share: paths, sample projects, readers for PDFs and GIFT, lesson strategies."""
