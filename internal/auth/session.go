package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
)

// Session is a signed-in browser. Its secret lives only in the cookie; the CSRF token must come
// back in the X-CSRF-Token header on every unsafe request made with the cookie.
type Session struct {
	Secret    string
	CSRFToken string
	ExpiresAt time.Time
}

// CreateSession signs a user in for ttl.
func (s *Store) CreateSession(ctx context.Context, userID int64, ttl time.Duration) (*Session, error) {
	sess := &Session{Secret: newSecret(), CSRFToken: newSecret(), ExpiresAt: time.Now().Add(ttl)}
	_, err := s.pool.Exec(ctx, `INSERT INTO sessions (user_id, token_hash, csrf_token, expires_at) VALUES ($1, $2, $3, $4)`,
		userID, hashSecret(sess.Secret), sess.CSRFToken, sess.ExpiresAt)
	if err != nil {
		return nil, fmt.Errorf("create session for user %d: %w", userID, err)
	}
	// Expired sessions are of no use to anyone: clear them out as new ones are made.
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE expires_at < now()`); err != nil {
		return nil, fmt.Errorf("clear expired sessions: %w", err)
	}
	return sess, nil
}

// UserBySession returns the user of a live session and the session's CSRF token.
func (s *Store) UserBySession(ctx context.Context, secret string) (*User, string, error) {
	var csrf string
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+`, s.csrf_token
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`, hashSecret(secret)), &csrf)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", apperr.Errorf(apperr.Unauthorized, "session expired or signed out; sign in again")
	}
	if err != nil {
		return nil, "", fmt.Errorf("look up session: %w", err)
	}
	return u, csrf, nil
}

// DeleteSession signs a browser out.
func (s *Store) DeleteSession(ctx context.Context, secret string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashSecret(secret)); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
