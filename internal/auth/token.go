package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/text"
)

// TokenPrefix starts every API token, so that a leaked one is easy to recognise and scan for.
const TokenPrefix = "pst_"

// Token describes an API token; the secret itself is shown once, at creation.
type Token struct {
	ID         int64      `json:"id"`
	UserID     int64      `json:"user_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// DefaultTokenTTL is how long a new API token lasts unless configured otherwise.
const DefaultTokenTTL = 90 * 24 * time.Hour

func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux (Go 1.24+ panics instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashSecret(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

// CreateToken makes an API token for a user, lasting the store's TokenTTL, and returns it with
// its secret.
func (s *Store) CreateToken(ctx context.Context, userID int64, name string) (*Token, string, error) {
	if err := text.Check(name, 100, false); err != nil {
		return nil, "", apperr.Errorf(apperr.Invalid, "token name %s", err)
	}
	secret := TokenPrefix + newSecret()
	t := &Token{UserID: userID, Name: name}
	err := s.pool.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, expires_at)
		VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING id, created_at, expires_at`,
		userID, name, hashSecret(secret), s.TokenTTL.Seconds()).Scan(&t.ID, &t.CreatedAt, &t.ExpiresAt)
	if err != nil {
		return nil, "", fmt.Errorf("create token for user %d: %w", userID, err)
	}
	return t, secret, nil
}

// ListTokens returns a user's tokens, newest first.
func (s *Store) ListTokens(ctx context.Context, userID int64) ([]Token, error) {
	return list[Token](ctx, s.pool, "list tokens", `SELECT id, user_id, name, created_at, expires_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
}

// RevokeToken revokes token id. Unless asAdmin, only the owner may revoke it.
func (s *Store) RevokeToken(ctx context.Context, id, userID int64, asAdmin bool) error {
	tag, err := s.pool.Exec(ctx, `UPDATE api_tokens SET revoked_at = now()
		WHERE id = $1 AND ($2 OR user_id = $3) AND revoked_at IS NULL`, id, asAdmin, userID)
	if err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return apperr.Errorf(apperr.NotFound, "no active token %d of yours", id)
	}
	return nil
}

// UserByToken returns the user owning an active token, or an unauthorized error.
func (s *Store) UserByToken(ctx context.Context, secret string) (*User, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, apperr.Errorf(apperr.Unauthorized, "bearer token is not a placesafe API token")
	}
	u, err := scanUser(s.pool.QueryRow(ctx, `UPDATE api_tokens t SET last_used_at = now()
		FROM users u WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now()
			AND u.id = t.user_id AND u.disabled_at IS NULL
		RETURNING `+userColumns, hashSecret(secret)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.Errorf(apperr.Unauthorized, "bearer token is unknown, revoked or expired, or its account is disabled")
	}
	if err != nil {
		return nil, fmt.Errorf("look up token: %w", err)
	}
	return u, nil
}
