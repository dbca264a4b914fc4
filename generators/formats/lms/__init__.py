"""Question exports for the tools schools use: Moodle, Canvas, Quizlet, Kahoot."""
