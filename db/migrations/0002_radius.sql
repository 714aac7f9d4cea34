-- 0002: what the RADIUS side (FreeRADIUS, radius/) needs in the database.
--
-- Statements are separated by lines "-- mpsk:statement-end" (the file
-- holds compound statements with inner semicolons). Everything here runs
-- with the definer's rights (SQL SECURITY DEFINER, the migrating user), so
-- the RADIUS database user needs no table rights beyond db/radius_grants.sql:
-- EXECUTE on radius_authorize, SELECT on nas, and accounting on radacct.

-- Twelve lower-case hex digits from any common MAC spelling
-- (aabbccddeeff, AA:BB:.., aa-bb-.., aabb.ccdd.eeff), or NULL.
-- Used by the accounting triggers; the request path normalises in unlang.
CREATE FUNCTION radius_mac_normalize(p_in VARCHAR(64))
  RETURNS CHAR(12) CHARACTER SET ascii COLLATE ascii_bin
  DETERMINISTIC NO SQL
  SQL SECURITY DEFINER
BEGIN
  DECLARE v VARCHAR(64) CHARACTER SET ascii DEFAULT
    LOWER(CONVERT(COALESCE(p_in, '') USING ascii));
  IF v REGEXP '^[0-9a-f]{12}$' THEN
    RETURN v;
  END IF;
  IF v REGEXP '^[0-9a-f]{2}([:-])[0-9a-f]{2}\\1[0-9a-f]{2}\\1[0-9a-f]{2}\\1[0-9a-f]{2}\\1[0-9a-f]{2}$'
     OR v REGEXP '^[0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4}$' THEN
    RETURN REPLACE(REPLACE(REPLACE(v, ':', ''), '-', ''), '.', '');
  END IF;
  RETURN NULL;
END;
-- mpsk:statement-end

-- The SSID in a Called-Station-Id "<BSSID>:<SSID>" (RFC 3580 §3.20), or
-- NULL; used by the accounting triggers (on the request path FreeRADIUS
-- finds the same offset itself, see radius_authorize). The BSSID may be spelt in any MAC form (one separator throughout);
-- the SSID is every octet after its ':' (':' and UTF-8 included). Octets,
-- not text: an SSID need not be valid UTF-8.
CREATE FUNCTION radius_called_ssid(p_in VARBINARY(255))
  RETURNS VARBINARY(255)
  DETERMINISTIC NO SQL
  SQL SECURITY DEFINER
BEGIN
  DECLARE v_pos INT DEFAULT 0;
  IF p_in IS NULL THEN
    RETURN NULL;
  END IF;
  IF p_in REGEXP '^[0-9A-Fa-f]{12}:' THEN
    SET v_pos = 14;
  ELSEIF p_in REGEXP '^[0-9A-Fa-f]{4}[.][0-9A-Fa-f]{4}[.][0-9A-Fa-f]{4}:' THEN
    SET v_pos = 16;
  ELSEIF p_in REGEXP '^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}:' THEN
    SET v_pos = 19;
  ELSE
    RETURN NULL;
  END IF;
  RETURN NULLIF(SUBSTRING(p_in, v_pos), '');
END;
-- mpsk:statement-end

-- The one RADIUS authorisation round trip.
--
-- FreeRADIUS calls it for every MAC-authentication Access-Request with
--   p_mac        the station MAC, 12 lower-case hex digits ('' if the
--                request carried none that could be normalised),
--   p_ssid_hex   a vendor SSID attribute's octets in hex (Ruckus-SSID,
--                Aruba-Essid-Name), '' when there is none,
--   p_called_hex Called-Station-Id's octets in hex, '' when absent,
--   p_ssid_at    where the SSID starts in Called-Station-Id (1-based
--                octet; 0 when it holds none). FreeRADIUS matches the
--                "<BSSID>:" prefix, in any MAC spelling, with a compiled
--                regex and passes the offset, so no regex runs here;
--                p_ssid_hex wins when both are given,
--   p_nas_ip     the packet's source address (text, from FreeRADIUS),
--   p_user_hex   the raw User-Name in hex, logged only when p_mac is ''.
-- Everything taken from the packet arrives hex-encoded, so no octet of it
-- can change a statement; the SSID is compared as octets.
-- It applies the single decision: with an SSID, to the device's joined row
-- in radius_lookup (migration 0003: the access_decision view's inputs,
-- kept current by triggers) through access_reject_reason(), the function
-- the view uses; without one, to the view itself. It returns exactly one
-- row:
--   result 'accept' or 'reject', reason ('' on accept), and on accept the
--   key material and limits: the passphrase with each backslash doubled
--   (FreeRADIUS 3.2.1 parses the column like a double-quoted string) and
--   the PMK as 0x-hex. A reject is written to auth_log in the same call,
--   so a reject costs no extra round trip either.
-- With no SSID, a MAC bound on several networks gets its first usable
-- binding (lowest network id): the AP did not say which network it is.
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
    -- The usual case: one primary-key read of the joined row
    -- (radius_lookup, created with its triggers in migration 0003).
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

-- Accounting marks the device as seen: by the normalised station MAC
-- (Calling-Station-Id, else User-Name), narrowed to the network named by
-- the SSID in Called-Station-Id when there is one that we know.
CREATE PROCEDURE radius_device_seen(
  IN p_calling VARCHAR(64),
  IN p_username VARCHAR(64),
  IN p_called VARCHAR(255))
  MODIFIES SQL DATA
  SQL SECURITY DEFINER
BEGIN
  DECLARE v_mac CHAR(12) CHARACTER SET ascii COLLATE ascii_bin DEFAULT
    COALESCE(radius_mac_normalize(p_calling), radius_mac_normalize(p_username));
  DECLARE v_ssid VARBINARY(255) DEFAULT radius_called_ssid(p_called);
  DECLARE v_net INT UNSIGNED DEFAULT NULL;
  IF v_mac IS NOT NULL THEN
    IF v_ssid IS NOT NULL THEN
      SELECT MIN(id) INTO v_net FROM networks WHERE ssid = v_ssid;
    END IF;
    UPDATE devices
       SET last_seen = UTC_TIMESTAMP(),
           first_seen = COALESCE(first_seen, UTC_TIMESTAMP())
     WHERE mac = v_mac
       AND (v_net IS NULL OR network_id = v_net);
  END IF;
END;
-- mpsk:statement-end

CREATE TRIGGER radacct_device_seen_insert AFTER INSERT ON radacct
FOR EACH ROW
  CALL radius_device_seen(NEW.callingstationid, NEW.username, NEW.calledstationid);
-- mpsk:statement-end

CREATE TRIGGER radacct_device_seen_update AFTER UPDATE ON radacct
FOR EACH ROW
  CALL radius_device_seen(NEW.callingstationid, NEW.username, NEW.calledstationid);
-- mpsk:statement-end
