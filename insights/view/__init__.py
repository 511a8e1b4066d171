"""What a rep looks at: facets, selections, filters, pages of lists, counts, comparisons."""
