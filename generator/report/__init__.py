"""``portal report``: the yearly report of the department's foreign-information work.

:mod:`~generator.report.figures` counts (publications per month, language and section; translation
coverage now and at each month's end; plan tasks per addressee with their deadlines), reusing the
functions of ``portal i18n status`` and :mod:`generator.plan_tasks` so that no number is counted
twice; :mod:`~generator.report.history` reads the content as it was at past commits;
:mod:`~generator.report.charts` lays out the SVG charts; :mod:`~generator.report.render` writes the
HTML through ``templates/report.html`` with the words of the ``report`` gettext catalog.
"""
