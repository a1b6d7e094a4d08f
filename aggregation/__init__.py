"""The aggregation: rollups of readings, effects of actions, indicators and the météo.

Pure domain modules (``savings``, ``baselines``, ``degree_days``, ``weather``, ``statistics``)
hold the methods of ``docs/methods.md``; ``store*.py`` run the SQL of ``sql/``; ``jobs``,
``effects``, ``indicators``, ``weather_reports`` and ``follower`` wire them; ``commands``
adds the ``vigie`` sub-commands.
"""
