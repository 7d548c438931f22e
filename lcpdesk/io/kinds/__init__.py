"""The kinds of file lcpdesk imports: one module each, registered in :mod:`lcpdesk.io.registry`."""
