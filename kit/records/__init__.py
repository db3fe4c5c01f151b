"""Reading and writing the kit's records: participants, sessions, attendance and scores."""
