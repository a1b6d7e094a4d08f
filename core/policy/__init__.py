"""The policy as its writers give it: records, checks, and the writes the API and imports share.

``records``       one model per kind (policy, person, role, mission, action, budget, scope,
                  indicator, target), the fields of the API's bodies and the files' columns
``computations``  the named indicator computations and the parameters each reads
``areas``         drawn areas: GeoJSON Polygons and MultiPolygons
``lookups``       the references a record makes, resolved within its territory
``writes``        create or update one record (``scopes`` for scopes and drawn areas)
``reads``         the stored policy of a territory, as records
"""
