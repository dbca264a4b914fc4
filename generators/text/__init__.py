"""The text kit: fonts and their metrics, fitting text into boxes, escaping per output, templating."""
