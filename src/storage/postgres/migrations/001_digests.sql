-- Digest schedules, alert subscriptions, the delivery ledger, small state and each chat's /settings: the same
-- records as the SQLite store's (src/storage/sqlite-digest-store.ts), as of its version 5.
CREATE TABLE digest_schedules (
  platform TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  body TEXT NOT NULL,
  -- When the schedule may next owe a digest (epoch ms); NULL while paused. A tick reads only those due.
  due_at BIGINT,
  PRIMARY KEY (platform, chat_id)
);
CREATE INDEX digest_schedules_due ON digest_schedules (due_at) WHERE due_at IS NOT NULL;

CREATE TABLE alert_subscriptions (
  platform TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  thread_id TEXT,
  PRIMARY KEY (platform, chat_id)
);

CREATE TABLE deliveries (
  key TEXT PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped', 'retry')),
  attempts INTEGER NOT NULL,
  detail TEXT,
  updated_at BIGINT NOT NULL,
  owner TEXT
);
CREATE INDEX deliveries_updated ON deliveries (updated_at);

CREATE TABLE digest_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE chat_settings (
  platform TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (platform, chat_id)
);
