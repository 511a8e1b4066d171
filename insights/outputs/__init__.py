"""Files a pitch or a view becomes: the format table, CSV/JSON, Markdown, the deck and the PDF."""
