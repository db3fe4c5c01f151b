"""Community formation (chapter V, issue 15): the community record, its board and its ballot.

A community is a record of the workspace: its name, district, members, board, work programme,
agreement and the day it was formed. ``record``/``service`` hold the community, its members and
nominations; ``ballot`` the secret ballot of the board's roles; ``documents`` the surat
kesepakatan (MoU) and the berita acara of the election, as PDF and DOCX.
"""
