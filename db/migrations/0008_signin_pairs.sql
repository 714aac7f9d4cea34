-- 0008: the sign-in limit becomes a soft lockout per (username, source).
--
-- Until now five wrong passwords from anywhere locked an account for
-- everyone (accounts.locked_until), so anybody could lock any tenant out,
-- and the answer told which usernames exist. Now signin_failures holds two
-- kinds of counters, both in fixed windows starting at window_start:
--
--   subject = ''      failures from one source across all usernames
--                     (the per-source budget that stops spraying);
--   subject = digest  failures for one username from one source: SHA-256
--                     of "<kind>:<username>" (kind 'tenant' or 'staff'),
--                     for usernames that exist and those that do not alike,
--                     so being throttled tells nothing about existence. A
--                     digest, not the text, because people type passwords
--                     into the username box.
--
-- source_ip is now the source's network: the address itself for IPv4 (a
-- /32), its /64 for IPv6 ("2001:db8:1:2::/64"), since one IPv6 host holds
-- a whole /64. accounts.failed_logins and locked_until are no longer
-- written by sign-in. Rows are pruned by window_start.

ALTER TABLE signin_failures
  ADD COLUMN subject VARBINARY(32) NOT NULL DEFAULT '' AFTER source_ip,
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (source_ip, subject);
