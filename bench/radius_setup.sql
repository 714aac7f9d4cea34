-- radius_setup.sql - the fixed part of the RADIUS benchmark's data
-- (scripts/bench-radius.sh): in our schema (database mpsk, after the
-- migrations) one network, two plans and the NAS rows; in the stock
-- schema (database radius, FreeRADIUS's own mysql schema.sql) the two
-- groups that stand for the plans. The devices come from
-- radius_devices.sql, in ranges.
--
-- Placeholders replaced by the script (values it has checked):
--   @SSID@    the network's SSID (letters, digits, '-')
--   @SECRET@  the NAS shared secret (letters and digits)
--
-- What bench/radload.c expects (keep the two in step):
--   plan bench-fixed: VLAN 100, 100/20 Mbit/s;
--   plan bench-range: VLANs 2001-4000, each customer its own
--                     (customer_vlans, customers 1..2000);
--   NAS 127.0.0.1 vendor hostapd (Tunnel-Password), 127.0.0.2 vendor
--   ruckus (Ruckus-DPSK), both requiring Message-Authenticator.

USE mpsk;

INSERT INTO plans (name, vlan, vlan_range_start, vlan_range_end,
		   rate_down_kbps, rate_up_kbps)
VALUES ('bench-fixed', 100, NULL, NULL, 100000, 20000),
       ('bench-range', NULL, 2001, 4000, 100000, 20000);

INSERT INTO networks (ssid, site) VALUES ('@SSID@', 'bench');

INSERT INTO nas (name, address, net_start, net_end, prefix_len, secret,
		 vendor, require_message_authenticator)
VALUES ('bench-hostapd', '127.0.0.1', INET6_ATON('127.0.0.1'),
	INET6_ATON('127.0.0.1'), 32, '@SECRET@', 'hostapd', 1),
       ('bench-ruckus', '127.0.0.2', INET6_ATON('127.0.0.2'),
	INET6_ATON('127.0.0.2'), 32, '@SECRET@', 'ruckus', 1);

USE radius;

-- A daloRADIUS "profile" per plan: the plan's rates as WISPr attributes.
-- The per-device VLAN and key are in radreply (radius_devices.sql).
INSERT INTO radgroupreply (groupname, attribute, op, value)
VALUES ('bench-fixed', 'WISPr-Bandwidth-Max-Down', ':=', '100000000'),
       ('bench-fixed', 'WISPr-Bandwidth-Max-Up', ':=', '20000000'),
       ('bench-range', 'WISPr-Bandwidth-Max-Down', ':=', '100000000'),
       ('bench-range', 'WISPr-Bandwidth-Max-Up', ':=', '20000000');
