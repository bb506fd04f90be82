"""Evidence, dates and Arabic-safe figures for the book on the Chase-Liu meeting article.

Modules stay import-light so that every notebook and test starts fast:
``evidence`` loads and validates the data, ``dates`` resolves the article's time expressions,
``figtext`` and ``style`` put Arabic into matplotlib figures correctly.
"""
