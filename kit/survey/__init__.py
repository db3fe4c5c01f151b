"""The reaction survey at the end of a session (*evaluasi kegiatan*, guide section 1.4)."""
