-- Several territories in one installation: the territories each token, each person and each
-- web session may see and act on. One API serves them all; every request reads and writes in
-- one territory, which must be one of its caller's.
--
-- * token_territories: the territories a bearer token may read and write. A token with none
--   sees nothing. `vigie token create --territory CODE` (repeatable) fills it; there is no
--   "every territory" token: an installation's admin is given each territory by name, so that
--   a territory added later is seen by nobody until someone is given it.
-- * person_territories: the territories a person may sign in to the pages for, whatever their
--   role (`vigie web grant --territory CODE`, and the people written through a territory's API).
-- * web_sessions.territory_id: the territory a signed-in person's pages show, chosen among
--   theirs; NULL until they choose (their only one, or the installation's own).
--
-- Tokens and people already there keep what they could see: every territory of the database,
-- which is the one territory an installation served before this migration.

CREATE TABLE token_territories (
    token_id      integer NOT NULL REFERENCES api_tokens ON DELETE CASCADE,
    territory_id  smallint NOT NULL REFERENCES territories ON DELETE CASCADE,
    PRIMARY KEY (token_id, territory_id)
);

CREATE TABLE person_territories (
    person_id     integer NOT NULL REFERENCES people ON DELETE CASCADE,
    territory_id  smallint NOT NULL REFERENCES territories ON DELETE CASCADE,
    PRIMARY KEY (person_id, territory_id)
);
CREATE INDEX person_territories_territory_idx ON person_territories (territory_id);

ALTER TABLE web_sessions ADD COLUMN territory_id smallint REFERENCES territories ON DELETE SET NULL;

INSERT INTO token_territories (token_id, territory_id)
SELECT k.id, t.id FROM api_tokens k CROSS JOIN territories t;

INSERT INTO person_territories (person_id, territory_id)
SELECT p.id, t.id FROM people p CROSS JOIN territories t;

GRANT SELECT ON token_territories, person_territories TO vigie_api;
GRANT INSERT, UPDATE, DELETE ON token_territories, person_territories TO vigie_api;
