"""The web pages of ``vigie api``, under ``/web/``: sign-in, alerts, the plan, files, reports.

Server-rendered HTML in the language of ``VIGIE_WEB_LANGUAGE`` (every word in ``i18n/``), for
people signed in by an e-mailed link; the same roles, store functions and database functions as
the JSON API, whose operations the pages call (``api.web.operations``). ``site.install`` adds them
to the app.
"""
