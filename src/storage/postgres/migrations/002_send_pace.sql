-- A send rate shared by every instance of a deployment: per bucket (a bot's overall rate, a bot's rate in one
-- group), the theoretical arrival time of the next message (GCRA), in epoch milliseconds of the server's clock.
CREATE TABLE send_pace (
  bucket TEXT PRIMARY KEY,
  tat BIGINT NOT NULL
);
