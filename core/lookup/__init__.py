"""Code lookup: search over every code set, spelling and synonyms, and each code's detail page."""
