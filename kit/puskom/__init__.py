"""The Puskom Kreatif readiness check (chapter VI, issue 15): rule, tables and service.

``readiness.py`` scores yes/no answers to the framework's readiness criteria; ``answers_file.py``
reads a CSV or JSON answers file; ``tables.py`` declares the assessment tables (migration
``0009_puskom``); ``service.py`` records, lists and shows assessments of a workspace;
``page.py`` builds the printable page's context.
"""
