edition_review_dates = True
