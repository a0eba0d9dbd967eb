-- Market data shared by the instances: each live series as the refreshing instance stored it (its bars of
-- every source and its fetch state, as JSON), numbered by a sequence so the others take only what is new.
CREATE SEQUENCE market_series_seq;
CREATE TABLE market_series (
  series TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  seq BIGINT NOT NULL,
  published_at BIGINT NOT NULL
);
CREATE INDEX market_series_by_seq ON market_series (seq);
