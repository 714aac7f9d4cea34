-- radius_devices.sql - devices @FIRST@..@LAST@ of the RADIUS benchmark,
-- in bulk from MariaDB's SEQUENCE engine, first in our schema (database
-- mpsk), then the same devices in the stock radcheck/radreply/
-- radusergroup schema (database radius), copied from ours so that both
-- servers hand out the same passphrases and VLANs. Run once per range by
-- scripts/bench-radius.sh after radius_setup.sql; ranges must not
-- overlap and must start at a customer boundary.
--
-- Placeholders replaced by the script (all checked numbers or hex):
--   @FIRST@ @LAST@    device ids (devices.id), 1-based
--   @CFIRST@ @CLAST@  customer ids: (FIRST-1)/PER+1 .. LAST/PER
--   @PER@             devices per customer (one key per customer)
--   @SEED@            the data seed, a decimal number
--   @MACB@            two hex digits (the seed's low octet)
--   @C2FIRST@ @C2LAST@  2*(FIRST-1)+1 .. 2*LAST (radcheck rows)
--   @C4FIRST@ @C4LAST@  4*(FIRST-1)+1 .. 4*LAST (radreply rows)
--
-- Device i belongs to customer c = (i-1) DIV PER + 1 and its key c, and
-- bench/radload.c (--generate) derives the same from i, PER and SEED:
--   MAC         02 MACB and i as 8 hex digits
--   passphrase  'bk' and the first 18 hex digits of MD5('SEED:c')
--   VLAN        c <= 2000: 2000 + c (plan bench-range, customer_vlans);
--               else c % 7 = 0: 1000 + c % 1000 (the key's own VLAN);
--               else 100 (plan bench-fixed)
--   key end     c % 5 = 0: valid_until 30 days from the load, so the
--               reply carries Session-Timeout
--   PMK         NOT PBKDF2: SHA-256('mpsk-bench-pmk:' passphrase), a
--               cheap stand-in (1M PBKDF2 would take half an hour here;
--               the real PMK path is tested in tests/). The request path
--               only reads the 32 octets, so its cost is the same.

SET SESSION foreign_key_checks = 0;
SET SESSION unique_checks = 0;

USE mpsk;

-- A bulk load: radius_lookup's triggers wait, and one call below builds
-- the loaded devices' rows (migration 0003).
SET @mpsk_defer_radius_lookup = 1;

SET @net = (SELECT id FROM networks WHERE site = 'bench');
SET @plan_fixed = (SELECT id FROM plans WHERE name = 'bench-fixed');
SET @plan_range = (SELECT id FROM plans WHERE name = 'bench-range');
SET @until = UTC_TIMESTAMP() + INTERVAL 30 DAY;

START TRANSACTION;

INSERT INTO customers (id, external_id, name, plan_id, status)
SELECT seq, CONCAT('bench-', seq), CONCAT('Bench customer ', seq),
       IF(seq <= 2000, @plan_range, @plan_fixed), 'active'
  FROM seq_@CFIRST@_to_@CLAST@;

INSERT INTO customer_vlans (customer_id, network_id, vlan)
SELECT seq, @net, 2000 + seq
  FROM seq_@CFIRST@_to_@CLAST@
 WHERE seq <= 2000;

INSERT INTO wifi_keys (id, network_id, customer_id, passphrase, pmk, label,
		       vlan, valid_until)
SELECT c, @net, c, pass, UNHEX(SHA2(CONCAT('mpsk-bench-pmk:', pass), 256)),
       'bench', IF(c > 2000 AND c % 7 = 0, 1000 + c % 1000, NULL),
       IF(c % 5 = 0, @until, NULL)
  FROM (SELECT seq AS c,
	       CONCAT('bk', LEFT(MD5(CONCAT('@SEED@:', seq)), 18)) AS pass
	  FROM seq_@CFIRST@_to_@CLAST@) g;

INSERT INTO devices (id, network_id, mac, name, customer_id, key_id)
SELECT seq, @net, CONCAT('02@MACB@', LPAD(LOWER(HEX(seq)), 8, '0')),
       CONCAT('bench ', seq), (seq - 1) DIV @PER@ + 1,
       (seq - 1) DIV @PER@ + 1
  FROM seq_@FIRST@_to_@LAST@;

CALL radius_lookup_devices(@FIRST@, @LAST@);
SET @mpsk_defer_radius_lookup = NULL;

COMMIT;

-- Fresh statistics: the copy below and every benchmark query plan on
-- them (InnoDB recalculates only after 10% of a table changed, and in the
-- background).
ANALYZE TABLE customers, customer_vlans, wifi_keys, devices, plans,
	networks, nas;

-- The stock schema, from the same decision our server reads: every
-- device is a user whose password is its MAC (what hostapd sends), with
-- its key and VLAN in radreply, an Expiration check item where the key
-- ends (the stock expiration module turns it into Session-Timeout) and
-- its plan as its group. Rows of one user are adjacent, as when an admin
-- tool adds a user at a time: each copy is driven by a sequence of
-- (device, attribute) numbers, seq = PER_ROW * (device - 1) + attribute,
-- read in order, with every other table an eq_ref lookup and no join
-- buffer to reorder them.

SET SESSION join_cache_level = 0;

START TRANSACTION;

INSERT INTO radius.radcheck (username, attribute, op, value)
SELECT d.mac,
       IF(s.seq % 2 = 1, 'Cleartext-Password', 'Expiration'), ':=',
       IF(s.seq % 2 = 1, d.mac,
	  DATE_FORMAT(k.valid_until, '%b %d %Y %H:%i:%s'))
  FROM seq_@C2FIRST@_to_@C2LAST@ s
  JOIN devices d ON d.id = (s.seq - 1) DIV 2 + 1
  JOIN wifi_keys k ON k.id = d.key_id
 WHERE s.seq % 2 = 1 OR k.valid_until IS NOT NULL;

INSERT INTO radius.radreply (username, attribute, op, value)
SELECT a.mac,
       ELT((s.seq - 1) % 4 + 1, 'Tunnel-Type', 'Tunnel-Medium-Type',
	   'Tunnel-Private-Group-Id', 'Tunnel-Password'), ':=',
       ELT((s.seq - 1) % 4 + 1, 'VLAN', 'IEEE-802', a.vlan, a.passphrase)
  FROM seq_@C4FIRST@_to_@C4LAST@ s
  JOIN access_decision a ON a.device_id = (s.seq - 1) DIV 4 + 1;

INSERT INTO radius.radusergroup (username, groupname, priority)
SELECT d.mac, p.name, 1
  FROM seq_@FIRST@_to_@LAST@ s
  JOIN devices d ON d.id = s.seq
  JOIN customers c ON c.id = d.customer_id
  JOIN plans p ON p.id = c.plan_id;

COMMIT;

ANALYZE TABLE radius.radcheck, radius.radreply, radius.radusergroup,
	radius.radgroupcheck, radius.radgroupreply;
