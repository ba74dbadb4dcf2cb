edition_factual_notes_cite = True
