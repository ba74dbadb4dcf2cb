edition_classroom = True
