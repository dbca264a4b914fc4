"""The PowerPoint deck: the slide plan and the writer that turns it into PresentationML."""
