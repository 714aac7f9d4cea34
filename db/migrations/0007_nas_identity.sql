-- 0007: NAS clients identified by where their packets come from, bound to
-- the networks they serve, and flagged when their secret is weak
-- (issue 7, findings 1, 3 and 4).
--
-- Statements are separated by lines "-- mpsk:statement-end".

-- Whether the shared secret was shorter than 16 characters when it was
-- written. Stored at write time, so the flag stays right however the
-- secret itself is kept later. Secrets written from now on are at least
-- 16 characters (core/nas.c); rows from before may be shorter.
ALTER TABLE nas
  ADD COLUMN secret_weak TINYINT(1) NOT NULL DEFAULT 0 AFTER secret;
-- mpsk:statement-end

UPDATE nas SET secret_weak = (CHAR_LENGTH(secret) < 16);
-- mpsk:statement-end

-- The networks a NAS serves. A NAS with no rows here serves every
-- network (as before); one with rows gets Access-Accept only for those
-- SSIDs, and its accounting for other SSIDs is ignored (rlm_mpsk).
-- A network a NAS serves cannot be deleted (no cascade): losing its last
-- row would silently widen the NAS to every network.
CREATE TABLE nas_networks (
  nas_id     INT UNSIGNED NOT NULL,
  network_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (nas_id, network_id),
  KEY nas_networks_network (network_id),
  CONSTRAINT nas_networks_nas FOREIGN KEY (nas_id) REFERENCES nas (id)
    ON DELETE CASCADE,
  CONSTRAINT nas_networks_network FOREIGN KEY (network_id) REFERENCES networks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- mpsk:statement-end

-- Sessions belong to the nas row the packet's source address matched
-- (rlm_mpsk sets it; queries.conf writes it), never to an address the
-- packet claims. NULL only in rows written before this migration.
-- nasipaddress now holds the packet's source address, IPv6 included.
ALTER TABLE radacct
  ADD COLUMN nas_id INT UNSIGNED NULL AFTER acctuniqueid,
  MODIFY nasipaddress VARCHAR(45) NOT NULL DEFAULT '',
  ADD KEY radacct_nas_open (nas_id, acctstoptime);
-- mpsk:statement-end

-- rlm_mpsk keeps the NAS table (ranges and bindings) in memory: a change
-- to nas or nas_networks writes a marker row to the change log (mac NULL,
-- ssid empty: no network has an empty SSID), and the module re-reads the
-- whole, small, table on its next poll.
CREATE TRIGGER radius_nas_changes_insert AFTER INSERT ON nas
FOR EACH ROW
  INSERT INTO radius_lookup_changes (mac, ssid) VALUES (NULL, '');
-- mpsk:statement-end

CREATE TRIGGER radius_nas_changes_update AFTER UPDATE ON nas
FOR EACH ROW
BEGIN
  IF NOT (OLD.net_start <=> NEW.net_start AND OLD.net_end <=> NEW.net_end
          AND OLD.prefix_len <=> NEW.prefix_len AND OLD.name <=> NEW.name) THEN
    INSERT INTO radius_lookup_changes (mac, ssid) VALUES (NULL, '');
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radius_nas_changes_delete AFTER DELETE ON nas
FOR EACH ROW
  INSERT INTO radius_lookup_changes (mac, ssid) VALUES (NULL, '');
-- mpsk:statement-end

CREATE TRIGGER radius_nas_networks_insert AFTER INSERT ON nas_networks
FOR EACH ROW
  INSERT INTO radius_lookup_changes (mac, ssid) VALUES (NULL, '');
-- mpsk:statement-end

CREATE TRIGGER radius_nas_networks_delete AFTER DELETE ON nas_networks
FOR EACH ROW
  INSERT INTO radius_lookup_changes (mac, ssid) VALUES (NULL, '');
-- mpsk:statement-end

-- Accounting marks a device as seen only on a network its NAS serves:
-- as radius_device_seen() (0002), and when the session's NAS is bound to
-- networks, only on those. Without an SSID in the packet an unbound NAS
-- still marks the MAC on every network, as before.
CREATE PROCEDURE radius_device_seen_by_nas(
  IN p_calling VARCHAR(64),
  IN p_username VARCHAR(64),
  IN p_called VARCHAR(255),
  IN p_nas_id INT UNSIGNED)
  MODIFIES SQL DATA
  SQL SECURITY DEFINER
BEGIN
  DECLARE v_mac CHAR(12) CHARACTER SET ascii COLLATE ascii_bin DEFAULT
    COALESCE(radius_mac_normalize(p_calling), radius_mac_normalize(p_username));
  DECLARE v_ssid VARBINARY(255) DEFAULT radius_called_ssid(p_called);
  DECLARE v_net INT UNSIGNED DEFAULT NULL;
  DECLARE v_bound INT DEFAULT 0;
  IF v_mac IS NOT NULL THEN
    IF v_ssid IS NOT NULL THEN
      SELECT MIN(id) INTO v_net FROM networks WHERE ssid = v_ssid;
    END IF;
    IF p_nas_id IS NOT NULL THEN
      SELECT COUNT(*) INTO v_bound FROM nas_networks WHERE nas_id = p_nas_id;
    END IF;
    UPDATE devices
       SET last_seen = UTC_TIMESTAMP(),
           first_seen = COALESCE(first_seen, UTC_TIMESTAMP())
     WHERE mac = v_mac
       AND (v_net IS NULL OR network_id = v_net)
       AND (v_bound = 0 OR network_id IN
            (SELECT network_id FROM nas_networks WHERE nas_id = p_nas_id));
  END IF;
END;
-- mpsk:statement-end

DROP TRIGGER radacct_device_seen_insert;
-- mpsk:statement-end

DROP TRIGGER radacct_device_seen_update;
-- mpsk:statement-end

CREATE TRIGGER radacct_device_seen_insert AFTER INSERT ON radacct
FOR EACH ROW
  CALL radius_device_seen_by_nas(NEW.callingstationid, NEW.username,
                                 NEW.calledstationid, NEW.nas_id);
-- mpsk:statement-end

CREATE TRIGGER radacct_device_seen_update AFTER UPDATE ON radacct
FOR EACH ROW
  CALL radius_device_seen_by_nas(NEW.callingstationid, NEW.username,
                                 NEW.calledstationid, NEW.nas_id);
-- mpsk:statement-end
