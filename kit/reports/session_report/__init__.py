"""The *laporan kegiatan* of one session, and the printables around it.

* :mod:`~kit.reports.session_report.gather` — everything the report shows, read in one
  transaction into one frozen object (:class:`~kit.reports.session_report.gather.SessionReport`);
* :mod:`~kit.reports.session_report.document` — that object as translated sections (headings,
  tables, charts, empty-section notes), the one layout the PDF, XLSX and HTML share;
* :mod:`~kit.reports.session_report.charts` — matplotlib charts readable printed in grey;
* :mod:`~kit.reports.session_report.pdf`, :mod:`~kit.reports.session_report.xlsx`,
  :mod:`~kit.reports.session_report.html` — the three formats;
* :mod:`~kit.reports.session_report.sheet` — the attendance sheet (*daftar hadir*);
* :mod:`~kit.reports.session_report.handout` — a one-page participant handout per activity;
* :mod:`~kit.reports.session_report.files` — the file names and writing them (whole or not at
  all) into the workspace's ``reports/`` folder.
"""
