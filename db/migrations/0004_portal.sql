-- 0004: the tenant portal and the staff dashboard.
--
-- Who may sign in (accounts), their sessions, the one-time codes that let a
-- tenant in the first time (activation codes, printed on the welcome card)
-- or let a new tenant sign up for a unit of a building (invitations), and
-- the counters behind the sign-in rate limit. Secrets are stored only as
-- digests: passwords as argon2id strings, session ids and codes as SHA-256
-- (they are long random values, so a fast digest is enough).

-- Where a customer lives: welcome cards are printed per building, and an
-- invitation for a building hands it to the customers who sign up with it.
ALTER TABLE customers
  ADD COLUMN building VARCHAR(128) NULL AFTER parent_id,
  ADD COLUMN unit VARCHAR(64) NULL AFTER building,
  ADD KEY customers_building (building);

-- What a tenant may hand out to guests, per plan.
ALTER TABLE plans
  ADD COLUMN guest_keys_max TINYINT UNSIGNED NOT NULL DEFAULT 3 AFTER max_devices,
  ADD COLUMN guest_days_max SMALLINT UNSIGNED NOT NULL DEFAULT 30 AFTER guest_keys_max;

CREATE TABLE accounts (
  id            INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind          ENUM('tenant','staff') NOT NULL,
  username      VARCHAR(128) NOT NULL,
  -- NULL until the account is activated (a password has been chosen).
  password_hash VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL,
  customer_id   INT UNSIGNED NULL,            -- tenants: whose account
  role          ENUM('admin','operator','readonly') NULL, -- staff
  status        ENUM('active','disabled') NOT NULL DEFAULT 'active',
  failed_logins SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  locked_until  DATETIME NULL,
  last_login    DATETIME NULL,
  created_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  updated_at    DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY accounts_username (kind, username),
  -- One sign-in per customer: the customer is the tenant.
  UNIQUE KEY accounts_customer (customer_id),
  CONSTRAINT accounts_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT accounts_shape CHECK (
    (kind = 'tenant' AND customer_id IS NOT NULL AND role IS NULL) OR
    (kind = 'staff' AND customer_id IS NULL AND role IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sessions (
  -- SHA-256 of the cookie's value: a copy of this table signs nobody in.
  id_hash     BINARY(32) NOT NULL PRIMARY KEY,
  account_id  INT UNSIGNED NOT NULL,
  csrf_token  CHAR(43) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  source_ip   VARCHAR(45) CHARACTER SET ascii NOT NULL DEFAULT '',
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  last_seen   DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  expires_at  DATETIME NOT NULL,
  KEY sessions_account (account_id),
  KEY sessions_expires (expires_at),
  CONSTRAINT sessions_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id)
    ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One-time codes that let someone choose a password: for a customer (the
-- tenant's first access) or for a staff account.
CREATE TABLE activation_codes (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code_hash   BINARY(32) NOT NULL,
  customer_id INT UNSIGNED NULL,
  account_id  INT UNSIGNED NULL,
  expires_at  DATETIME NOT NULL,
  used_at     DATETIME NULL,
  created_by  VARCHAR(128) NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY activation_codes_hash (code_hash),
  KEY activation_codes_customer (customer_id),
  CONSTRAINT activation_codes_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id),
  CONSTRAINT activation_codes_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id)
    ON DELETE CASCADE,
  CONSTRAINT activation_codes_shape CHECK (
    (customer_id IS NULL) <> (account_id IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Self-registration: a code for a building (or one unit of it) with a plan;
-- whoever signs up with it becomes a customer there.
CREATE TABLE invitations (
  id          INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code_hash   BINARY(32) NOT NULL,
  building    VARCHAR(128) NOT NULL,
  unit        VARCHAR(64) NULL,
  plan_id     INT UNSIGNED NOT NULL,
  max_uses    INT UNSIGNED NOT NULL DEFAULT 1,
  uses        INT UNSIGNED NOT NULL DEFAULT 0,
  expires_at  DATETIME NOT NULL,
  created_by  VARCHAR(128) NOT NULL,
  created_at  DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),
  UNIQUE KEY invitations_hash (code_hash),
  CONSTRAINT invitations_plan_fk FOREIGN KEY (plan_id) REFERENCES plans (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Failed sign-ins per source address, in fixed windows: the rate limit
-- that also covers guessing across many usernames.
CREATE TABLE signin_failures (
  source_ip    VARCHAR(45) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  window_start DATETIME NOT NULL,
  failures     INT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
