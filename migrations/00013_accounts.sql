-- +goose Up
-- API tokens expire. Tokens made before expiry existed get the default lifetime from now, so
-- that none stops working the moment this is applied.
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
UPDATE api_tokens SET expires_at = now() + interval '90 days';
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;

-- Accounts signed in by an OpenID Connect provider: identified by issuer and subject, with no
-- password here (password_hash is empty).
ALTER TABLE users ADD COLUMN oidc_subject text;
CREATE UNIQUE INDEX users_oidc_subject_key ON users (oidc_subject) WHERE oidc_subject IS NOT NULL;

-- +goose Down
DROP INDEX users_oidc_subject_key;
ALTER TABLE users DROP COLUMN oidc_subject;
ALTER TABLE api_tokens DROP COLUMN expires_at;
