-- 0010: MAC squatting (issue 7, finding 6).
--
-- A tenant who registers a MAC that another customer already holds on that
-- network no longer learns so: the portal answers neutrally, the holder
-- keeps the device, and the request is written here for staff, who either
-- move the device to the requester or keep it with its holder.
--
-- And a cap on how many devices one customer may register, so that made-up
-- MACs cannot grow devices (and rlm_mpsk's memory) without bound.

-- NULL: no cap (what every plan had before). Counted per customer, under
-- the customer's row lock, in the transaction that inserts the device.
ALTER TABLE plans
  ADD COLUMN devices_max SMALLINT UNSIGNED NULL AFTER max_devices;

CREATE TABLE device_conflicts (
  id           INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  network_id   INT UNSIGNED NOT NULL,
  mac          CHAR(12) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  requester_id INT UNSIGNED NOT NULL,          -- the customer who asked
  owner_id     INT UNSIGNED NOT NULL,          -- who held the MAC then
  key_id       INT UNSIGNED NULL,              -- the key the requester chose
  name         VARCHAR(128) NOT NULL DEFAULT '',
  requested_by VARCHAR(128) NOT NULL,          -- audit actor, "tenant:ann"
  requested_at DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  attempts     INT UNSIGNED NOT NULL DEFAULT 1, -- asked again while open
  resolved_at  DATETIME NULL,
  resolved_by  VARCHAR(128) NULL,
  resolution   ENUM('moved','kept') NULL,
  -- 1 while open, NULL once resolved: at most one open conflict per
  -- requester and MAC (a repeated request counts an attempt instead).
  is_open      TINYINT AS (IF(resolved_at IS NULL, 1, NULL)) PERSISTENT,
  UNIQUE KEY device_conflicts_open (mac, network_id, requester_id, is_open),
  KEY device_conflicts_requester (requester_id, is_open),
  KEY device_conflicts_owner (owner_id),
  CONSTRAINT device_conflicts_network_fk FOREIGN KEY (network_id)
    REFERENCES networks (id) ON DELETE CASCADE,
  CONSTRAINT device_conflicts_requester_fk FOREIGN KEY (requester_id)
    REFERENCES customers (id) ON DELETE CASCADE,
  CONSTRAINT device_conflicts_owner_fk FOREIGN KEY (owner_id)
    REFERENCES customers (id) ON DELETE CASCADE,
  CONSTRAINT device_conflicts_key_fk FOREIGN KEY (key_id)
    REFERENCES wifi_keys (id) ON DELETE SET NULL,
  CONSTRAINT device_conflicts_mac_hex CHECK (mac REGEXP '^[0-9a-f]{12}$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
