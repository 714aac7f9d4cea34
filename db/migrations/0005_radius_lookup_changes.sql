-- 0005: a change log of radius_lookup (and of the networks' SSIDs) for
-- FreeRADIUS's rlm_mpsk, which keeps the whole table in memory and polls
-- this log to stay current (radius/rlm_mpsk/).
--
-- One row per changed (mac, ssid) of radius_lookup, written by triggers on
-- radius_lookup itself, so every path that changes it (the triggers of
-- 0003, the bulk rebuild procedures) is logged in the same transaction as
-- the change. mac IS NULL: the SSID of a network appeared or went (for the
-- "unknown network" reject). The row says only WHAT changed: the reader
-- reads the current row, so the order in which it sees changes does not
-- matter, only that it sees every one (it asks again for sequence numbers
-- it has not seen, until no transaction that could hold them is open).
--
-- Statements are separated by lines "-- mpsk:statement-end" (see 0002).

CREATE TABLE radius_lookup_changes (
  seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mac CHAR(12) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ssid VARBINARY(32) NOT NULL,
  at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  KEY radius_lookup_changes_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_changes_insert AFTER INSERT ON radius_lookup
FOR EACH ROW
  INSERT INTO radius_lookup_changes (mac, ssid) VALUES (NEW.mac, NEW.ssid);
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_changes_update AFTER UPDATE ON radius_lookup
FOR EACH ROW
BEGIN
  INSERT INTO radius_lookup_changes (mac, ssid) VALUES (NEW.mac, NEW.ssid);
  IF NOT (OLD.mac <=> NEW.mac AND OLD.ssid <=> NEW.ssid) THEN
    INSERT INTO radius_lookup_changes (mac, ssid) VALUES (OLD.mac, OLD.ssid);
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_changes_delete AFTER DELETE ON radius_lookup
FOR EACH ROW
  INSERT INTO radius_lookup_changes (mac, ssid) VALUES (OLD.mac, OLD.ssid);
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_changes_net_insert AFTER INSERT ON networks
FOR EACH ROW
  INSERT INTO radius_lookup_changes (mac, ssid) VALUES (NULL, NEW.ssid);
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_changes_net_update AFTER UPDATE ON networks
FOR EACH ROW
BEGIN
  IF NOT (OLD.ssid <=> NEW.ssid) THEN
    INSERT INTO radius_lookup_changes (mac, ssid) VALUES (NULL, OLD.ssid), (NULL, NEW.ssid);
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_changes_net_delete AFTER DELETE ON networks
FOR EACH ROW
  INSERT INTO radius_lookup_changes (mac, ssid) VALUES (NULL, OLD.ssid);
-- mpsk:statement-end

-- When the oldest transaction still open started (NULL: none). rlm_mpsk
-- gives up a missing sequence number (a rollback, or an auto-increment
-- hole) only once no transaction older than the moment it noticed the gap
-- is open. information_schema.INNODB_TRX needs the PROCESS privilege: the
-- function runs with its definer's (the schema owner, who runs the
-- migrations), so FreeRADIUS's user gets EXECUTE on this one answer
-- instead of PROCESS (which would show it every session's statements).
CREATE FUNCTION radius_oldest_transaction() RETURNS DATETIME
  READS SQL DATA
  SQL SECURITY DEFINER
  RETURN (SELECT MIN(trx_started) FROM information_schema.INNODB_TRX);
-- mpsk:statement-end

-- Pruning: deletes up to max_rows change rows older than one day (oldest
-- first) and returns how many in pruned. The newest row always stays, so
-- a reader that comes back can tell from MIN(seq) whether rows it still
-- needed were pruned (it then reloads everything). rlm_mpsk calls it every
-- prune_interval seconds, in rounds of max_rows between its polls, so no
-- extra setup (no event scheduler) is needed and FreeRADIUS's user gets
-- EXECUTE, not DELETE. A day is far more than any reader needs: a running
-- module is never more than a poll behind, and a gap (an open
-- transaction) is waited for at most as long as that transaction runs; a
-- module whose position was pruned away reloads the whole table.
CREATE PROCEDURE radius_changes_prune(IN max_rows INT UNSIGNED, OUT pruned INT UNSIGNED)
  MODIFIES SQL DATA
  SQL SECURITY DEFINER
BEGIN
  DECLARE newest BIGINT UNSIGNED;
  SELECT MAX(seq) INTO newest FROM radius_lookup_changes;
  DELETE FROM radius_lookup_changes
   WHERE at < UTC_TIMESTAMP(3) - INTERVAL 1 DAY AND seq < newest
   ORDER BY seq
   LIMIT max_rows;
  SET pruned = ROW_COUNT();
END;
-- mpsk:statement-end
