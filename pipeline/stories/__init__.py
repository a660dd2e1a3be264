"""Stories: the articles of one happening across outlets, their events counted once and
their numbers lined up (runs over the tables of a run, never over the Docs)."""
