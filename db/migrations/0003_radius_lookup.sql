-- 0003: the decision's inputs, one row per bound device, for the RADIUS path.
--
-- access_decision joins seven tables, and MariaDB re-optimises that join on
-- every request: most of the database's cost per Access-Request (see
-- docs/BENCHMARKS.md). radius_lookup holds the same inputs already joined,
-- one row per (mac, ssid), read by primary key. Triggers on every table the
-- view reads keep it current in the same transaction as the change, so it
-- can never disagree with the view; the reject reasons are still decided at
-- read time by one function (validity depends on the clock), the same one
-- the view now uses.
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

-- The one rule: why a bound device may not join now, or NULL.
CREATE FUNCTION access_reject_reason(
  p_customer ENUM('active','suspended','terminated'),
  p_parent ENUM('active','suspended','terminated'),
  p_key ENUM('active','disabled','revoked'),
  p_from DATETIME, p_until DATETIME)
  RETURNS VARCHAR(64)
  NOT DETERMINISTIC NO SQL
  SQL SECURITY DEFINER
RETURN CASE
    WHEN p_customer = 'suspended'  THEN 'customer suspended'
    WHEN p_customer = 'terminated' THEN 'customer terminated'
    WHEN p_parent = 'suspended'  THEN 'parent customer suspended'
    WHEN p_parent = 'terminated' THEN 'parent customer terminated'
    WHEN p_key = 'disabled' THEN 'key disabled'
    WHEN p_key = 'revoked'  THEN 'key revoked'
    WHEN p_from  IS NOT NULL AND p_from  >  UTC_TIMESTAMP() THEN 'key not yet valid'
    WHEN p_until IS NOT NULL AND p_until <= UTC_TIMESTAMP() THEN 'key expired'
    ELSE NULL
  END;
-- mpsk:statement-end

-- The view (0001) now states its reasons through that function.
CREATE OR REPLACE VIEW access_decision AS
SELECT
  d.mac, n.ssid, n.id AS network_id, d.id AS device_id, k.id AS key_id,
  c.id AS customer_id, c.external_id,
  access_reject_reason(c.status, pc.status, k.status, k.valid_from,
                       k.valid_until) AS reject_reason,
  k.passphrase,
  k.pmk,
  COALESCE(k.vlan, cv.vlan, p.vlan) AS vlan,
  COALESCE(k.rate_down_kbps, p.rate_down_kbps) AS rate_down_kbps,
  COALESCE(k.rate_up_kbps, p.rate_up_kbps) AS rate_up_kbps,
  CASE WHEN k.valid_until IS NULL THEN NULL
       ELSE GREATEST(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), k.valid_until), 0)
  END AS seconds_left
FROM devices d
JOIN wifi_keys k  ON k.id = d.key_id
JOIN networks n   ON n.id = k.network_id
JOIN customers c  ON c.id = k.customer_id
JOIN plans p      ON p.id = c.plan_id
LEFT JOIN customers pc     ON pc.id = c.parent_id
LEFT JOIN customer_vlans cv ON cv.customer_id = c.id AND cv.network_id = n.id;
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

-- radius_authorize (0002) reads the joined row when the SSID is known; the
-- rest (no SSID: first usable binding; the reasons for unknown devices and
-- networks; auth_log) is as before.
DROP PROCEDURE radius_authorize;
-- mpsk:statement-end

CREATE PROCEDURE radius_authorize(
  IN p_mac VARCHAR(12) CHARACTER SET ascii COLLATE ascii_bin,
  IN p_ssid_hex VARCHAR(512),
  IN p_called_hex VARCHAR(512),
  IN p_ssid_at SMALLINT UNSIGNED,
  IN p_nas_ip VARCHAR(45),
  IN p_user_hex VARCHAR(512))
  MODIFIES SQL DATA
  SQL SECURITY DEFINER
BEGIN
  DECLARE v_found TINYINT DEFAULT 1;
  DECLARE v_ssid VARBINARY(255) DEFAULT NULL;
  DECLARE v_reason VARCHAR(64) DEFAULT NULL;
  DECLARE v_key INT UNSIGNED DEFAULT NULL;
  DECLARE v_customer INT UNSIGNED DEFAULT NULL;
  DECLARE v_pass VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL;
  DECLARE v_pmk BINARY(32) DEFAULT NULL;
  DECLARE v_vlan SMALLINT UNSIGNED DEFAULT NULL;
  DECLARE v_down INT UNSIGNED DEFAULT NULL;
  DECLARE v_up INT UNSIGNED DEFAULT NULL;
  DECLARE v_left BIGINT DEFAULT NULL;
  DECLARE v_nas_name VARCHAR(64) DEFAULT '';
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET v_found = 0;

  IF p_ssid_hex <> '' THEN
    SET v_ssid = UNHEX(p_ssid_hex);
  ELSEIF p_ssid_at > 0 THEN
    SET v_ssid = NULLIF(SUBSTRING(UNHEX(p_called_hex), p_ssid_at), '');
  END IF;

  -- Two spellings of the same read, so that the usual one (SSID known)
  -- is a plain lookup by (mac, ssid) with nothing to sort.
  IF p_mac = '' THEN
    SET v_found = 0;
  ELSEIF v_ssid IS NOT NULL THEN
    -- The usual case, one primary-key read of the joined row (0003).
    SELECT access_reject_reason(l.customer_status, l.parent_status,
                                l.key_status, l.valid_from, l.valid_until),
           l.key_id, l.customer_id, l.passphrase, l.pmk,
           l.vlan, l.rate_down_kbps, l.rate_up_kbps,
           CASE WHEN l.valid_until IS NULL THEN NULL
                ELSE GREATEST(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), l.valid_until), 0)
           END
      INTO v_reason, v_key, v_customer, v_pass, v_pmk,
           v_vlan, v_down, v_up, v_left
      FROM radius_lookup l
     WHERE l.mac = p_mac AND l.ssid = v_ssid;
  ELSE
    SELECT d.reject_reason, d.key_id, d.customer_id, d.passphrase, d.pmk,
           d.vlan, d.rate_down_kbps, d.rate_up_kbps, d.seconds_left
      INTO v_reason, v_key, v_customer, v_pass, v_pmk,
           v_vlan, v_down, v_up, v_left
      FROM access_decision d
     WHERE d.mac = p_mac
     ORDER BY d.reject_reason IS NOT NULL, d.network_id
     LIMIT 1;
  END IF;

  IF v_found = 1 AND v_reason IS NULL THEN
    SELECT 'accept' AS result, '' AS reason,
           REPLACE(v_pass, '\\', '\\\\') AS passphrase,
           CONCAT('0x', LOWER(HEX(v_pmk))) AS pmk,
           v_vlan AS vlan,
           v_down AS rate_down_kbps, v_up AS rate_up_kbps,
           LEAST(CAST(v_down AS UNSIGNED) * 1000, 4294967295) AS rate_down_bps,
           LEAST(CAST(v_up AS UNSIGNED) * 1000, 4294967295) AS rate_up_bps,
           CASE WHEN v_left IS NULL THEN NULL ELSE GREATEST(v_left, 1) END
             AS seconds_left,
           v_customer AS customer_id, v_key AS key_id;
  ELSE
    IF v_found = 0 THEN
      SET v_key = NULL, v_customer = NULL;
      IF p_mac = '' THEN
        SET v_reason = 'invalid mac';
      ELSEIF v_ssid IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM networks WHERE ssid = v_ssid) THEN
        SET v_reason = 'unknown network';
      ELSE
        SET v_reason = 'unknown device';
      END IF;
    END IF;
    SET v_found = 1;
    SELECT n.name INTO v_nas_name
      FROM nas n
     WHERE LENGTH(n.net_start) = LENGTH(INET6_ATON(p_nas_ip))
       AND INET6_ATON(p_nas_ip) BETWEEN n.net_start AND n.net_end
     ORDER BY n.prefix_len DESC
     LIMIT 1;
    INSERT INTO auth_log (mac, ssid, nas_ip, nas_name, result, reason,
                          customer_id, key_id)
    VALUES (IF(p_mac <> '', p_mac,
               LEFT(CONVERT(COALESCE(UNHEX(p_user_hex), '') USING ascii), 32)),
            LEFT(v_ssid, 32), LEFT(p_nas_ip, 45), COALESCE(v_nas_name, ''),
            'reject', v_reason, v_customer, v_key);
    SELECT 'reject' AS result, v_reason AS reason;
  END IF;
END;
-- mpsk:statement-end
