"""The output formats, one class each; the driver builds them."""
