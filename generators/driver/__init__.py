"""The build driver: finds lessons, skips current ones, runs the formats, and alone writes build/."""
