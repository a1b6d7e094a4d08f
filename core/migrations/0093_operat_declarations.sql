-- Declarations of a building's yearly consumption on OPERAT (décret tertiaire): due by
-- 30 September for the year before (`vigie decree declared`). Rule T-02 alerts on the buildings
-- subject to the decree whose declaration is not recorded as the deadline nears or passes.
CREATE TABLE operat_declarations (
    building_id       integer NOT NULL REFERENCES buildings,
    consumption_year  smallint NOT NULL CHECK (consumption_year BETWEEN 2010 AND 2100),
    declared_on       date NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (building_id, consumption_year)
);
