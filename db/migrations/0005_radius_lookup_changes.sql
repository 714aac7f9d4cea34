-- 0004: a change log of radius_lookup (and of the networks' SSIDs) for
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
