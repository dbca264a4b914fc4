"""Printed documents (reportlab): the shared kit and one module per PDF family."""
