"""Writing lessons: a new lesson from the template, a draft imported from an article."""
