"""exit-tickets.pdf, read back: several tickets to a page with cut lines."""

from __future__ import annotations

import pdfplumber
from support.pdf_text import loaded


def test_exit_tickets_fit_several_to_a_page_with_cut_lines(built_project):
    lesson = loaded(built_project, "mao-khrushchev").lesson
    with pdfplumber.open(built_project.build_dir / "mao-khrushchev" / "exit-tickets.pdf") as pdf:
        assert len(pdf.pages) == 1
        text = pdf.pages[0].extract_text()
        copies = text.count("Exit ticket:")
        assert copies >= 2
        assert text.count(lesson.exit_ticket[0].prompt[:30]) == copies
        assert text.count("✂") == copies - 1
