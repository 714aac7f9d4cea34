-- 0001: the core data model.
-- Migrations are numbered and append-only: once landed, a file is never
-- edited; a change is a new file. `mpsk migrate` applies each one once,
-- in order, and records it in schema_migrations.
-- All times are UTC (the program sets time_zone = '+00:00' per connection).

CREATE TABLE plans (
  id               INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name             VARCHAR(64)  NOT NULL,
  -- Either a fixed VLAN for every tenant on the plan, or a range from which
  -- each customer is given its own VLAN per network (customer_vlans).
  vlan             SMALLINT UNSIGNED NULL,
  vlan_range_start SMALLINT UNSIGNED NULL,
  vlan_range_end   SMALLINT UNSIGNED NULL,
  rate_down_kbps   INT UNSIGNED NULL,
  rate_up_kbps     INT UNSIGNED NULL,
  keys_per_customer TINYINT UNSIGNED NOT NULL DEFAULT 1,
  key_scope        ENUM('customer','device') NOT NULL DEFAULT 'customer',
  max_devices      SMALLINT UNSIGNED NULL,
  created_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at       DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY plans_name (name),
  CONSTRAINT plans_vlan CHECK (vlan IS NULL OR vlan BETWEEN 1 AND 4094),
  CONSTRAINT plans_range CHECK (
    (vlan_range_start IS NULL AND vlan_range_end IS NULL) OR
    (vlan_range_start BETWEEN 1 AND 4094 AND vlan_range_end BETWEEN vlan_range_start AND 4094))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE networks (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  -- An SSID is 1..32 octets; kept as bytes so that lookups from RADIUS
  -- (which sees raw octets) and from the API agree exactly.
  ssid       VARBINARY(32) NOT NULL,
  site       VARCHAR(128) NULL,
  unknown_device_policy ENUM('reject') NOT NULL DEFAULT 'reject',
  created_at DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY networks_ssid (ssid),
  CONSTRAINT networks_ssid_len CHECK (LENGTH(ssid) BETWEEN 1 AND 32)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE nas (
  id         INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name       VARCHAR(64) NOT NULL,
  address    VARCHAR(64) NOT NULL,          -- as given: IP or CIDR
  -- First and last address of the range, from INET6_ATON-style bytes
  -- (4 for IPv4, 16 for IPv6), so FreeRADIUS can find a client by its
  -- source address with one indexed range query.
  net_start  VARBINARY(16) NOT NULL,
  net_end    VARBINARY(16) NOT NULL,
  prefix_len TINYINT UNSIGNED NOT NULL,
  secret     VARCHAR(128) NOT NULL,
  vendor     ENUM('standard','hostapd','mikrotik','cisco','meraki','aruba',
                  'ruckus','tplink','unifi') NOT NULL DEFAULT 'standard',
  require_message_authenticator TINYINT(1) NOT NULL DEFAULT 1,
  coa_port   SMALLINT UNSIGNED NOT NULL DEFAULT 3799,
  created_at DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY nas_name (name),
  UNIQUE KEY nas_address (address),
  KEY nas_range (net_start, net_end)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE customers (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  external_id VARCHAR(128) NOT NULL,        -- the billing system's id
  name        VARCHAR(255) NOT NULL DEFAULT '',
  email       VARCHAR(255) NULL,
  phone       VARCHAR(64)  NULL,
  status      ENUM('active','suspended','terminated') NOT NULL DEFAULT 'active',
  plan_id     INT UNSIGNED NOT NULL,
  parent_id   INT UNSIGNED NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY customers_external (external_id),
  KEY customers_status (status),
  KEY customers_plan (plan_id),
  KEY customers_parent (parent_id),
  CONSTRAINT customers_plan_fk FOREIGN KEY (plan_id) REFERENCES plans (id),
  CONSTRAINT customers_parent_fk FOREIGN KEY (parent_id) REFERENCES customers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The VLAN each customer was given from its plan's range, per network.
CREATE TABLE customer_vlans (
  customer_id INT UNSIGNED NOT NULL,
  network_id  INT UNSIGNED NOT NULL,
  vlan        SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (customer_id, network_id),
  UNIQUE KEY customer_vlans_unique (network_id, vlan),
  CONSTRAINT customer_vlans_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT customer_vlans_network_fk FOREIGN KEY (network_id) REFERENCES networks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- "keys" is a reserved word in MariaDB, hence wifi_keys.
CREATE TABLE wifi_keys (
  id             INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  network_id     INT UNSIGNED NOT NULL,
  customer_id    INT UNSIGNED NOT NULL,
  device_id      INT UNSIGNED NULL,          -- set for per-device keys
  -- 8..63 printable ASCII, or 64 hex digits (a raw PMK). Unique per network,
  -- which unbound identification (roadmap) relies on.
  passphrase     VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  -- PBKDF2-HMAC-SHA1(passphrase, ssid, 4096, 32), computed when the key is
  -- written so that no PBKDF2 ever runs on the RADIUS request path.
  pmk            BINARY(32) NOT NULL,
  label          VARCHAR(128) NOT NULL DEFAULT '',
  kind           ENUM('normal','guest') NOT NULL DEFAULT 'normal',
  status         ENUM('active','disabled','revoked') NOT NULL DEFAULT 'active',
  valid_from     DATETIME NULL,
  valid_until    DATETIME NULL,
  vlan           SMALLINT UNSIGNED NULL,
  rate_down_kbps INT UNSIGNED NULL,
  rate_up_kbps   INT UNSIGNED NULL,
  max_devices    SMALLINT UNSIGNED NULL,
  created_at     DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at     DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY wifi_keys_passphrase (network_id, passphrase),
  KEY wifi_keys_customer (customer_id),
  CONSTRAINT wifi_keys_network_fk FOREIGN KEY (network_id) REFERENCES networks (id),
  CONSTRAINT wifi_keys_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT wifi_keys_vlan CHECK (vlan IS NULL OR vlan BETWEEN 1 AND 4094)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE devices (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  -- The key's network, repeated here so that one MAC is bound at most once
  -- per network (phones use a different private MAC per SSID anyway).
  network_id  INT UNSIGNED NOT NULL,
  mac         CHAR(12) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, -- 12 lower-case hex digits
  name        VARCHAR(128) NOT NULL DEFAULT '',
  customer_id INT UNSIGNED NOT NULL,
  key_id      INT UNSIGNED NOT NULL,
  added_by    ENUM('staff','tenant','api') NOT NULL DEFAULT 'api',
  first_seen  DATETIME NULL,
  last_seen   DATETIME NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY devices_mac (mac, network_id),
  KEY devices_customer (customer_id),
  KEY devices_key (key_id),
  CONSTRAINT devices_network_fk FOREIGN KEY (network_id) REFERENCES networks (id),
  CONSTRAINT devices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT devices_key_fk FOREIGN KEY (key_id) REFERENCES wifi_keys (id),
  CONSTRAINT devices_mac_hex CHECK (mac REGEXP '^[0-9a-f]{12}$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

ALTER TABLE wifi_keys ADD CONSTRAINT wifi_keys_device_fk
  FOREIGN KEY (device_id) REFERENCES devices (id) ON DELETE SET NULL;

CREATE TABLE api_tokens (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name        VARCHAR(64) NOT NULL,
  -- The public part of a token (before the dot) finds the row; the secret
  -- part is stored only as a SHA-256 digest and compared in constant time.
  token_id    CHAR(16) CHARACTER SET ascii NOT NULL,
  secret_hash BINARY(32) NOT NULL,
  scopes      SET('read','write','secrets') NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  last_used   DATETIME NULL,
  revoked_at  DATETIME NULL,
  UNIQUE KEY api_tokens_token_id (token_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every reject with its reason (and accepts, which FreeRADIUS may log too).
CREATE TABLE auth_log (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at          DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  mac         VARCHAR(32) CHARACTER SET ascii NOT NULL DEFAULT '',
  ssid        VARBINARY(32) NULL,
  nas_ip      VARCHAR(45) CHARACTER SET ascii NOT NULL DEFAULT '',
  nas_name    VARCHAR(64) NOT NULL DEFAULT '',
  result      ENUM('accept','reject') NOT NULL,
  reason      VARCHAR(64) NOT NULL DEFAULT '',
  customer_id INT UNSIGNED NULL,
  key_id      INT UNSIGNED NULL,
  KEY auth_log_at (at),
  KEY auth_log_mac (mac, at),
  KEY auth_log_customer (customer_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Who changed what, when, from where. Never holds a passphrase or secret.
CREATE TABLE audit_log (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at          DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3),
  actor       VARCHAR(128) NOT NULL,        -- e.g. "token:billing"
  source_ip   VARCHAR(45) CHARACTER SET ascii NOT NULL DEFAULT '',
  action      VARCHAR(64) NOT NULL,         -- e.g. "customer.update"
  object_type VARCHAR(32) NOT NULL,
  object_id   VARCHAR(128) NOT NULL,
  detail      TEXT NULL,                    -- JSON, secrets removed
  KEY audit_log_at (at),
  KEY audit_log_object (object_type, object_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- FreeRADIUS's own radacct schema (as in its mysql schema.sql), so the stock
-- accounting queries and tools work unchanged.
CREATE TABLE radacct (
  radacctid bigint(21) NOT NULL auto_increment,
  acctsessionid varchar(64) NOT NULL default '',
  acctuniqueid varchar(32) NOT NULL default '',
  username varchar(64) NOT NULL default '',
  realm varchar(64) default '',
  nasipaddress varchar(15) NOT NULL default '',
  nasportid varchar(32) default NULL,
  nasporttype varchar(32) default NULL,
  acctstarttime datetime NULL default NULL,
  acctupdatetime datetime NULL default NULL,
  acctstoptime datetime NULL default NULL,
  acctinterval int(12) default NULL,
  acctsessiontime int(12) unsigned default NULL,
  acctauthentic varchar(32) default NULL,
  connectinfo_start varchar(128) default NULL,
  connectinfo_stop varchar(128) default NULL,
  acctinputoctets bigint(20) default NULL,
  acctoutputoctets bigint(20) default NULL,
  calledstationid varchar(50) NOT NULL default '',
  callingstationid varchar(50) NOT NULL default '',
  acctterminatecause varchar(32) NOT NULL default '',
  servicetype varchar(32) default NULL,
  framedprotocol varchar(32) default NULL,
  framedipaddress varchar(15) NOT NULL default '',
  framedipv6address varchar(45) NOT NULL default '',
  framedipv6prefix varchar(45) NOT NULL default '',
  framedinterfaceid varchar(44) NOT NULL default '',
  delegatedipv6prefix varchar(45) NOT NULL default '',
  class varchar(64) default NULL,
  PRIMARY KEY (radacctid),
  UNIQUE KEY acctuniqueid (acctuniqueid),
  KEY username (username),
  KEY framedipaddress (framedipaddress),
  KEY framedipv6address (framedipv6address),
  KEY framedipv6prefix (framedipv6prefix),
  KEY framedinterfaceid (framedinterfaceid),
  KEY delegatedipv6prefix (delegatedipv6prefix),
  KEY acctsessionid (acctsessionid),
  KEY acctsessiontime (acctsessiontime),
  KEY acctstarttime (acctstarttime),
  KEY acctinterval (acctinterval),
  KEY acctstoptime (acctstoptime),
  KEY nasipaddress (nasipaddress),
  KEY class (class)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

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

-- The one decision. For every bound device: may it join, and with what.
-- FreeRADIUS (through radius_authorize, migration 0002) and the API
-- (GET /api/v1/decision) both read this view, so they cannot disagree.
-- reject_reason is NULL when the device is accepted.
CREATE VIEW access_decision AS
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
