-- Spare sodium lamps in stock, as recorded by the territory (`vigie plan stock`): the latest
-- count is what the sodium plan and the spare-stock rule (L-16) compare the forecast failures
-- with. One row per count; nothing is overwritten.
CREATE TABLE spare_stocks (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    territory_id  smallint NOT NULL REFERENCES territories,
    item          text NOT NULL CHECK (item IN ('hps_lamp')),
    quantity      integer NOT NULL CHECK (quantity >= 0),
    counted_at    timestamptz NOT NULL DEFAULT now(),
    note          text
);
CREATE INDEX spare_stocks_latest_idx ON spare_stocks (territory_id, item, counted_at DESC);
