-- When each meta entry was written (set or claimed), so state that is only ever added (a chart's file_id per data
-- version, a lease per webhook setting) is pruned by its owner's retention. Entries from before count from now.
ALTER TABLE digest_meta ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
UPDATE digest_meta SET updated_at = (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
CREATE INDEX digest_meta_by_written ON digest_meta (updated_at);
