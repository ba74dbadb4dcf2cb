"""Import a scraped article page into the edition's verbatim chapters.

``python -m importer --help`` or ``make import [SOURCE=page]``.
"""
