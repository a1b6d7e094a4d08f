-- The policy tree: policy -> missions -> actions, the people who lead them, budgets by year,
-- the scope each action treats, indicators with targets and values, analyses and recommendations.

CREATE TABLE people (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL,
    email       text NOT NULL UNIQUE CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
    department  text
);

CREATE TABLE policies (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    territory_id  smallint NOT NULL REFERENCES territories,
    code          text NOT NULL UNIQUE,
    title         text NOT NULL,
    ambition      text
);

CREATE TABLE missions (
    id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    policy_id  integer NOT NULL REFERENCES policies,
    code       text NOT NULL,
    title      text NOT NULL,
    domain     text CHECK (domain IN (
                   'information_system', 'operations_centre', 'lighting', 'buildings',
                   'green_spaces', 'waste')),
    lead_id    integer REFERENCES people,
    UNIQUE (policy_id, code)
);

CREATE TABLE actions (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mission_id     integer NOT NULL REFERENCES missions,
    code           text NOT NULL UNIQUE,
    title          text NOT NULL,
    description    text,
    status         text NOT NULL DEFAULT 'planned' CHECK (status IN (
                       'planned', 'in_progress', 'done', 'suspended', 'cancelled')),
    term           text CHECK (term IN ('short', 'medium', 'long')),
    pilot_id       integer REFERENCES people,
    planned_start  date,
    planned_end    date,
    actual_start   date,
    actual_end     date,
    UNIQUE (id, mission_id),
    CHECK (planned_end IS NULL OR planned_start IS NULL OR planned_end >= planned_start),
    CHECK (actual_end IS NULL OR actual_start IS NULL OR actual_end >= actual_start)
);
CREATE INDEX actions_mission_idx ON actions (mission_id);
CREATE INDEX actions_pilot_idx ON actions (pilot_id);

-- Budgets by year, in euros. A row with no action is the mission's own (not yet allocated) line.
CREATE TABLE budget_lines (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mission_id     integer NOT NULL REFERENCES missions,
    action_id      integer,
    year           smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    planned_eur    numeric(14, 2) NOT NULL DEFAULT 0 CHECK (planned_eur >= 0),
    committed_eur  numeric(14, 2) NOT NULL DEFAULT 0 CHECK (committed_eur >= 0),
    spent_eur      numeric(14, 2) NOT NULL DEFAULT 0 CHECK (spent_eur >= 0),
    FOREIGN KEY (action_id, mission_id) REFERENCES actions (id, mission_id) ON DELETE CASCADE,
    UNIQUE NULLS NOT DISTINCT (mission_id, action_id, year)
);

-- What an action treats (role 'treated') and, optionally, the comparable assets it leaves alone
-- (role 'control'). Each row names exactly one district, cabinet, light point or building.
CREATE TABLE action_scopes (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action_id       integer NOT NULL REFERENCES actions ON DELETE CASCADE,
    role            text NOT NULL DEFAULT 'treated' CHECK (role IN ('treated', 'control')),
    district_id     integer REFERENCES districts,
    cabinet_id      integer REFERENCES control_cabinets,
    light_point_id  integer REFERENCES light_points,
    building_id     integer REFERENCES buildings,
    CHECK (num_nonnulls(district_id, cabinet_id, light_point_id, building_id) = 1),
    UNIQUE NULLS NOT DISTINCT (action_id, role, district_id, cabinet_id, light_point_id, building_id)
);
CREATE INDEX action_scopes_district_idx ON action_scopes (district_id) WHERE district_id IS NOT NULL;
CREATE INDEX action_scopes_building_idx ON action_scopes (building_id) WHERE building_id IS NOT NULL;

-- Indicators of the three kinds, attached to exactly one of the policy, a mission or an action.
CREATE TABLE indicators (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code            text NOT NULL UNIQUE,
    title           text NOT NULL,
    description     text,
    kind            text NOT NULL CHECK (kind IN ('means', 'activity', 'effect')),
    unit            text NOT NULL,
    direction       text NOT NULL CHECK (direction IN ('increase', 'decrease')),
    policy_id       integer REFERENCES policies,
    mission_id      integer REFERENCES missions,
    action_id       integer REFERENCES actions ON DELETE CASCADE,
    computation     text,
    parameters      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(parameters) = 'object'),
    baseline_value  double precision,
    baseline_on     date,
    CHECK (num_nonnulls(policy_id, mission_id, action_id) = 1)
);

CREATE TABLE indicator_targets (
    indicator_id  integer NOT NULL REFERENCES indicators ON DELETE CASCADE,
    target_on     date NOT NULL,
    value         double precision NOT NULL,
    PRIMARY KEY (indicator_id, target_on)
);

CREATE TABLE indicator_values (
    indicator_id    integer NOT NULL REFERENCES indicators ON DELETE CASCADE,
    period          text NOT NULL CHECK (period IN ('day', 'month', 'year')),
    period_start    date NOT NULL,
    value           double precision NOT NULL CHECK (value <> 'NaN'),
    source          text NOT NULL CHECK (source IN ('computed', 'manual')),
    method          text,
    method_version  text,
    coverage        real CHECK (coverage BETWEEN 0 AND 1),
    warnings        text[] NOT NULL DEFAULT '{}',
    entered_by      integer REFERENCES people,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (indicator_id, period, period_start),
    CHECK (source = 'manual' OR method IS NOT NULL)
);

-- Dated analyses and recommendations on a mission or an action, tied to the data window that
-- motivated them.
CREATE TABLE analyses (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mission_id    integer REFERENCES missions,
    action_id     integer REFERENCES actions ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('analysis', 'recommendation')),
    written_on    date NOT NULL,
    author_id     integer REFERENCES people,
    body          text NOT NULL CHECK (length(body) > 0),
    window_start  date,
    window_end    date,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (num_nonnulls(mission_id, action_id) = 1),
    CHECK (window_end IS NULL OR window_start IS NULL OR window_end >= window_start)
);
