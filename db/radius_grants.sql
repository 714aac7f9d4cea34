-- radius_grants.sql - what FreeRADIUS's database user may do, and no more.
--
-- The scripts create the user first (with its password) and then run this
-- file after replacing @DB@ with the database name, e.g.
--   CREATE USER IF NOT EXISTS 'mpsk_radius'@'localhost' IDENTIFIED BY '...';
--   sed 's/@DB@/mpsk/g' db/radius_grants.sql | mariadb
--
-- What the RADIUS side reads about keys, customers and devices is the
-- pre-joined radius_lookup table, which rlm_mpsk loads and follows (below);
-- it writes the auth_log rows of rejects itself. This user needs no SELECT
-- on access_decision, wifi_keys, customers or devices. The accounting
-- triggers (devices.last_seen) run as their definer.

-- Dynamic clients: the one lookup of a packet's source address.
GRANT SELECT ON `@DB@`.`nas` TO 'mpsk_radius'@'localhost';

-- radius_authorize() (SQL SECURITY DEFINER, migration 0002): the decision
-- in SQL, which FreeRADIUS called once per request before rlm_mpsk. Nothing
-- in radius/ calls it now; the grant stays (test_radius_user_rights calls
-- it) until the procedure goes.
GRANT EXECUTE ON PROCEDURE `@DB@`.`radius_authorize` TO 'mpsk_radius'@'localhost';

-- Accounting: FreeRADIUS's stock radacct queries (UPDATE ... WHERE needs
-- SELECT on the table too).
GRANT SELECT, INSERT, UPDATE ON `@DB@`.`radacct` TO 'mpsk_radius'@'localhost';

-- rlm_mpsk (rlm_mpsk/, docs/RADIUS.md): FreeRADIUS keeps the whole
-- radius_lookup table in memory and follows radius_lookup_changes
-- (migration 0005); it needs the networks' SSIDs for "unknown network"
-- and writes the auth_log rows of rejects itself, in batches (one
-- transaction each, a prepared INSERT per row). NOTE: this user can read
-- every passphrase (radius_lookup), as the module itself holds them all.
GRANT SELECT ON `@DB@`.`radius_lookup` TO 'mpsk_radius'@'localhost';
GRANT SELECT ON `@DB@`.`radius_lookup_changes` TO 'mpsk_radius'@'localhost';
GRANT SELECT (id, ssid) ON `@DB@`.`networks` TO 'mpsk_radius'@'localhost';
GRANT INSERT ON `@DB@`.`auth_log` TO 'mpsk_radius'@'localhost';
-- Whether a transaction that could still commit a change it has not seen
-- is open: one answer through a SQL SECURITY DEFINER function, instead of
-- the PROCESS privilege (which would show it every session's statements).
GRANT EXECUTE ON FUNCTION `@DB@`.`radius_oldest_transaction` TO 'mpsk_radius'@'localhost';
-- Pruning change rows older than a day, through a SQL SECURITY DEFINER
-- procedure: this user gets no DELETE on any table.
GRANT EXECUTE ON PROCEDURE `@DB@`.`radius_changes_prune` TO 'mpsk_radius'@'localhost';
-- rlm_mpsk keeps the NAS clients' ranges and the networks each serves in
-- memory (migration 0007), to tell which nas row a packet came from and
-- whether it may ask for that SSID, without SQL per request.
GRANT SELECT ON `@DB@`.`nas_networks` TO 'mpsk_radius'@'localhost';
