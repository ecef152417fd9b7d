"""Pure extraction components: text in, typed findings out. No database access here."""
