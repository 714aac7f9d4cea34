-- 0003: the decision's inputs, one row per bound device, for the RADIUS path.
--
-- access_decision joins seven tables, and MariaDB re-optimises that join on
-- every request: most of the database's cost per Access-Request (see
-- docs/BENCHMARKS.md). radius_lookup holds the same inputs already joined,
-- one row per (mac, ssid), read by primary key. Triggers on every table the
-- view reads keep it current in the same transaction as the change, so it
-- can never disagree with the view; the reject reasons are still decided at
-- read time by access_reject_reason() (0001; validity depends on the
-- clock), the function the view uses.
--
-- Statements are separated by lines "-- mpsk:statement-end" (see 0002).

CREATE TABLE radius_lookup (
  mac CHAR(12) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  ssid VARBINARY(32) NOT NULL,
  network_id INT UNSIGNED NOT NULL,
  device_id INT UNSIGNED NOT NULL,
  key_id INT UNSIGNED NOT NULL,
  customer_id INT UNSIGNED NOT NULL,
  customer_status ENUM('active','suspended','terminated') NOT NULL,
  parent_status ENUM('active','suspended','terminated') NULL,
  key_status ENUM('active','disabled','revoked') NOT NULL,
  valid_from DATETIME NULL,
  valid_until DATETIME NULL,
  passphrase VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  pmk BINARY(32) NOT NULL,
  vlan SMALLINT UNSIGNED NULL,
  rate_down_kbps INT UNSIGNED NULL,
  rate_up_kbps INT UNSIGNED NULL,
  PRIMARY KEY (mac, ssid),
  UNIQUE KEY radius_lookup_device (device_id),
  KEY radius_lookup_key (key_id),
  KEY radius_lookup_customer (customer_id),
  KEY radius_lookup_network (network_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- mpsk:statement-end

-- What a radius_lookup row is made of: the view's inputs before the clock.
CREATE VIEW radius_lookup_source AS
SELECT d.mac, n.ssid, n.id AS network_id, d.id AS device_id, k.id AS key_id,
       c.id AS customer_id, c.status AS customer_status,
       pc.status AS parent_status, k.status AS key_status,
       k.valid_from, k.valid_until, k.passphrase, k.pmk,
       COALESCE(k.vlan, cv.vlan, p.vlan) AS vlan,
       COALESCE(k.rate_down_kbps, p.rate_down_kbps) AS rate_down_kbps,
       COALESCE(k.rate_up_kbps, p.rate_up_kbps) AS rate_up_kbps,
       c.parent_id, c.plan_id
FROM devices d
JOIN wifi_keys k  ON k.id = d.key_id
JOIN networks n   ON n.id = k.network_id
JOIN customers c  ON c.id = k.customer_id
JOIN plans p      ON p.id = c.plan_id
LEFT JOIN customers pc     ON pc.id = c.parent_id
LEFT JOIN customer_vlans cv ON cv.customer_id = c.id AND cv.network_id = n.id;
-- mpsk:statement-end

-- Rebuild the rows of one scope. Each takes its own indexed predicate, so a
-- change to one device touches one row, not the table.
CREATE PROCEDURE radius_lookup_device(IN p_id INT UNSIGNED)
  MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DELETE FROM radius_lookup WHERE device_id = p_id;
  INSERT INTO radius_lookup
  SELECT mac, ssid, network_id, device_id, key_id, customer_id, customer_status,
         parent_status, key_status, valid_from, valid_until, passphrase, pmk,
         vlan, rate_down_kbps, rate_up_kbps
    FROM radius_lookup_source WHERE device_id = p_id;
END;
-- mpsk:statement-end

CREATE PROCEDURE radius_lookup_key(IN p_id INT UNSIGNED)
  MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DELETE FROM radius_lookup WHERE key_id = p_id;
  INSERT INTO radius_lookup
  SELECT mac, ssid, network_id, device_id, key_id, customer_id, customer_status,
         parent_status, key_status, valid_from, valid_until, passphrase, pmk,
         vlan, rate_down_kbps, rate_up_kbps
    FROM radius_lookup_source WHERE key_id = p_id;
END;
-- mpsk:statement-end

-- A customer's rows, and its sub-customers' (they carry its status).
CREATE PROCEDURE radius_lookup_customer(IN p_id INT UNSIGNED)
  MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DELETE FROM radius_lookup WHERE customer_id = p_id;
  DELETE l FROM radius_lookup l JOIN customers c ON c.id = l.customer_id
   WHERE c.parent_id = p_id;
  INSERT INTO radius_lookup
  SELECT mac, ssid, network_id, device_id, key_id, customer_id, customer_status,
         parent_status, key_status, valid_from, valid_until, passphrase, pmk,
         vlan, rate_down_kbps, rate_up_kbps
    FROM radius_lookup_source WHERE customer_id = p_id;
  INSERT INTO radius_lookup
  SELECT mac, ssid, network_id, device_id, key_id, customer_id, customer_status,
         parent_status, key_status, valid_from, valid_until, passphrase, pmk,
         vlan, rate_down_kbps, rate_up_kbps
    FROM radius_lookup_source WHERE parent_id = p_id;
END;
-- mpsk:statement-end

CREATE PROCEDURE radius_lookup_network(IN p_id INT UNSIGNED)
  MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DELETE FROM radius_lookup WHERE network_id = p_id;
  INSERT INTO radius_lookup
  SELECT mac, ssid, network_id, device_id, key_id, customer_id, customer_status,
         parent_status, key_status, valid_from, valid_until, passphrase, pmk,
         vlan, rate_down_kbps, rate_up_kbps
    FROM radius_lookup_source WHERE network_id = p_id;
END;
-- mpsk:statement-end

CREATE PROCEDURE radius_lookup_plan(IN p_id INT UNSIGNED)
  MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DELETE l FROM radius_lookup l JOIN customers c ON c.id = l.customer_id
   WHERE c.plan_id = p_id;
  INSERT INTO radius_lookup
  SELECT mac, ssid, network_id, device_id, key_id, customer_id, customer_status,
         parent_status, key_status, valid_from, valid_until, passphrase, pmk,
         vlan, rate_down_kbps, rate_up_kbps
    FROM radius_lookup_source WHERE plan_id = p_id;
END;
-- mpsk:statement-end

-- Rebuild the rows of a range of device ids (bulk imports).
CREATE PROCEDURE radius_lookup_devices(IN p_first INT UNSIGNED, IN p_last INT UNSIGNED)
  MODIFIES SQL DATA SQL SECURITY DEFINER
BEGIN
  DELETE FROM radius_lookup WHERE device_id BETWEEN p_first AND p_last;
  INSERT INTO radius_lookup
  SELECT mac, ssid, network_id, device_id, key_id, customer_id, customer_status,
         parent_status, key_status, valid_from, valid_until, passphrase, pmk,
         vlan, rate_down_kbps, rate_up_kbps
    FROM radius_lookup_source WHERE device_id BETWEEN p_first AND p_last;
END;
-- mpsk:statement-end

-- Triggers: only changes to what a row is made of rebuild it (accounting
-- updates devices.last_seen on every packet, and must stay cheap). A bulk
-- loader sets @mpsk_defer_radius_lookup = 1 in its session, loads, then
-- calls radius_lookup_devices(first, last) once for the ids it loaded.
CREATE TRIGGER radius_lookup_device_insert AFTER INSERT ON devices
FOR EACH ROW
BEGIN
  IF @mpsk_defer_radius_lookup IS NULL THEN
    CALL radius_lookup_device(NEW.id);
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_device_update AFTER UPDATE ON devices
FOR EACH ROW
BEGIN
  IF @mpsk_defer_radius_lookup IS NULL AND NOT (OLD.mac <=> NEW.mac AND OLD.key_id <=> NEW.key_id
          AND OLD.network_id <=> NEW.network_id
          AND OLD.customer_id <=> NEW.customer_id) THEN
    CALL radius_lookup_device(NEW.id);
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_device_delete AFTER DELETE ON devices
FOR EACH ROW
BEGIN
  IF @mpsk_defer_radius_lookup IS NULL THEN
    DELETE FROM radius_lookup WHERE device_id = OLD.id;
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_key_update AFTER UPDATE ON wifi_keys
FOR EACH ROW
BEGIN
  IF @mpsk_defer_radius_lookup IS NULL AND NOT (OLD.passphrase <=> NEW.passphrase AND OLD.pmk <=> NEW.pmk
          AND OLD.status <=> NEW.status AND OLD.valid_from <=> NEW.valid_from
          AND OLD.valid_until <=> NEW.valid_until AND OLD.vlan <=> NEW.vlan
          AND OLD.rate_down_kbps <=> NEW.rate_down_kbps
          AND OLD.rate_up_kbps <=> NEW.rate_up_kbps
          AND OLD.network_id <=> NEW.network_id
          AND OLD.customer_id <=> NEW.customer_id) THEN
    CALL radius_lookup_key(NEW.id);
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_key_delete AFTER DELETE ON wifi_keys
FOR EACH ROW
BEGIN
  IF @mpsk_defer_radius_lookup IS NULL THEN
    DELETE FROM radius_lookup WHERE key_id = OLD.id;
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_customer_update AFTER UPDATE ON customers
FOR EACH ROW
BEGIN
  IF @mpsk_defer_radius_lookup IS NULL AND NOT (OLD.status <=> NEW.status AND OLD.plan_id <=> NEW.plan_id
          AND OLD.parent_id <=> NEW.parent_id) THEN
    CALL radius_lookup_customer(NEW.id);
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_plan_update AFTER UPDATE ON plans
FOR EACH ROW
BEGIN
  IF @mpsk_defer_radius_lookup IS NULL AND NOT (OLD.vlan <=> NEW.vlan AND OLD.rate_down_kbps <=> NEW.rate_down_kbps
          AND OLD.rate_up_kbps <=> NEW.rate_up_kbps) THEN
    CALL radius_lookup_plan(NEW.id);
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_vlan_insert AFTER INSERT ON customer_vlans
FOR EACH ROW
BEGIN
  IF @mpsk_defer_radius_lookup IS NULL THEN
    CALL radius_lookup_customer(NEW.customer_id);
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_vlan_update AFTER UPDATE ON customer_vlans
FOR EACH ROW
BEGIN
  IF @mpsk_defer_radius_lookup IS NULL THEN
    CALL radius_lookup_customer(NEW.customer_id);
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_vlan_delete AFTER DELETE ON customer_vlans
FOR EACH ROW
BEGIN
  IF @mpsk_defer_radius_lookup IS NULL THEN
    CALL radius_lookup_customer(OLD.customer_id);
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radius_lookup_network_update AFTER UPDATE ON networks
FOR EACH ROW
BEGIN
  IF @mpsk_defer_radius_lookup IS NULL AND NOT (OLD.ssid <=> NEW.ssid) THEN
    CALL radius_lookup_network(NEW.id);
  END IF;
END;
-- mpsk:statement-end

-- Rows for what exists already.
INSERT INTO radius_lookup
SELECT mac, ssid, network_id, device_id, key_id, customer_id, customer_status,
       parent_status, key_status, valid_from, valid_until, passphrase, pmk,
       vlan, rate_down_kbps, rate_up_kbps
  FROM radius_lookup_source;
-- mpsk:statement-end
