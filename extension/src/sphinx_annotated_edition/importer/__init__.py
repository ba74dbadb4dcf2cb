"""Import a saved article page into an edition's verbatim chapters.

``annotated-edition import --help`` (or ``make import [SOURCE=page]`` in an
edition). The readers find the article in a page (:mod:`.wordpress`,
:mod:`.plain_html`, chosen by :mod:`.readers`), :mod:`.page` reads it into
blocks, :mod:`.writer` writes MyST and BibTeX, :mod:`.check` reads them back,
and :mod:`.staging` swaps them in all or nothing.
"""
