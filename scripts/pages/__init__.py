"""The pages made from the content model: news, plans, procedures, results, offices, listings, the offline area, forms, the compose page."""
