-- 0006: the `admin` token scope. Plans, networks and NAS clients are
-- infrastructure: a token that may register a NAS (an address and a secret
-- of its choosing) can ask RADIUS for any device's passphrase, so changing
-- them needs `admin`, not `write` (docs/DESIGN.md, "Tokens"). Existing
-- tokens keep exactly the scopes they had; a token that must manage
-- infrastructure is made anew with --scopes ...,admin.

ALTER TABLE api_tokens
  MODIFY scopes SET('read','write','secrets','admin') NOT NULL;
