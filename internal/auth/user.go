// Package auth holds accounts and roles: users with argon2id password hashes, browser sessions
// by cookie with CSRF protection, hashed bearer API tokens, and the middleware that puts the
// signed-in user in each request and enforces which roles may use a route.
package auth

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/postgres"
)

// Roles. Record-level data is for admin and analyst; the others see suppressed counts.
const (
	RoleAdmin     = "admin"
	RoleAnalyst   = "analyst"
	RoleVRPLead   = "vrp_lead"
	RolePartner   = "partner"
	RoleInspector = "inspector"
)

// Roles lists every role, most privileged first.
var Roles = []string{RoleAdmin, RoleAnalyst, RoleVRPLead, RolePartner, RoleInspector}

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// RecordLevel reports whether a role may see record-level data and unsuppressed counts.
func RecordLevel(role string) bool { return role == RoleAdmin || role == RoleAnalyst }

// User is an account.
type User struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
	// DisabledAt is set while an admin has disabled the account: it cannot sign in, and its
	// sessions and tokens do not work.
	DisabledAt *time.Time `json:"disabled_at,omitempty"`
	// AllAreas is true for a user of the whole deployment (VRU staff); the others see only
	// the local areas of Areas.
	AllAreas bool    `json:"all_areas"`
	Areas    []int64 `json:"local_areas"`
}

// userColumns are the columns of a User, in the order scanUser reads them, for a query of users u.
const userColumns = `u.id, u.email, u.role, u.created_at, u.disabled_at, u.all_areas,
	coalesce((SELECT array_agg(a.local_area_id ORDER BY a.local_area_id) FROM user_areas a WHERE a.user_id = u.id), '{}')`

// scanUser reads a row of userColumns followed by the columns of extra.
func scanUser(row pgx.Row, extra ...any) (*User, error) {
	var u User
	dst := append([]any{&u.ID, &u.Email, &u.Role, &u.CreatedAt, &u.DisabledAt, &u.AllAreas, &u.Areas}, extra...)
	return &u, row.Scan(dst...)
}

// Store keeps users, sessions and tokens.
type Store struct {
	pool   *pgxpool.Pool
	hashes *hashPool
	// TokenTTL is how long a new API token lasts.
	TokenTTL time.Duration
}

// Default bound on password hashing: four argon2id hashes (64 MiB each) at once, and a caller
// waits up to two seconds for a turn.
const (
	DefaultHashConcurrency = 4
	DefaultHashWait        = 2 * time.Second
)

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store {
	return &Store{pool: pool, hashes: newHashPool(DefaultHashConcurrency, DefaultHashWait), TokenTTL: DefaultTokenTTL}
}

// LimitHashing lets at most n password hashes run at once; a caller waits up to wait for a
// turn and is then refused as unavailable (503).
func (s *Store) LimitHashing(n int, wait time.Duration) { s.hashes = newHashPool(n, wait) }

// hash hashes a password in a slot of the hashing pool.
func (s *Store) hash(ctx context.Context, password string) (string, error) {
	var hash string
	var err error
	if perr := s.hashes.do(ctx, func() { hash, err = argon2id.CreateHash(password, argon2id.DefaultParams) }); perr != nil {
		return "", perr
	}
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return hash, nil
}

// compare checks a password against a hash in a slot of the hashing pool.
func (s *Store) compare(ctx context.Context, password, hash string) (bool, error) {
	var ok bool
	var err error
	if perr := s.hashes.do(ctx, func() { ok, err = argon2id.ComparePasswordAndHash(password, hash) }); perr != nil {
		return false, perr
	}
	return ok, err
}

// CreateUser adds a user with a hashed password. areas, when given, are the local areas it sees
// (see SetUserAreas); without, it starts with the default (see defaultAreas).
func (s *Store) CreateUser(ctx context.Context, email, role, password string, areas ...AreasRequest) (*User, error) {
	email = strings.TrimSpace(email)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return nil, apperr.Errorf(apperr.Invalid, "email %q is not a valid address", email)
	}
	if !ValidRole(role) {
		return nil, apperr.Errorf(apperr.Invalid, "role %q: want one of %s", role, strings.Join(Roles, ", "))
	}
	if err := CheckPassword(password, email); err != nil {
		return nil, err
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return nil, err
	}
	u := &User{Email: email, Role: role}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3)
			RETURNING id, created_at`, email, hash, role).Scan(&u.ID, &u.CreatedAt); err != nil {
			return err
		}
		if len(areas) > 0 {
			scoped, err := setAreas(ctx, tx, u.ID, areas[0])
			if err == nil {
				u = scoped
			}
			return err
		}
		return defaultAreas(ctx, tx, u)
	})
	if postgres.IsUniqueViolation(err) {
		return nil, apperr.Errorf(apperr.Conflict, "a user with email %q already exists", email)
	}
	if err != nil {
		return nil, fmt.Errorf("create user %q: %w", email, err)
	}
	return u, nil
}

// ListUsers returns all users by email, disabled ones included.
func (s *Store) ListUsers(ctx context.Context) ([]User, error) {
	return list[User](ctx, s.pool, "list users", `SELECT `+userColumns+` FROM users u ORDER BY lower(u.email)`)
}

// list reads every row of query into a T, field by field in column order; what says what
// failed.
func list[T any](ctx context.Context, pool *pgxpool.Pool, what, query string, args ...any) ([]T, error) {
	rows, err := pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[T])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// UserByEmail returns the active user with email, or a not_found error.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	u, _, err := s.userAndHash(ctx, email)
	return u, err
}

func (s *Store) userAndHash(ctx context.Context, email string) (*User, string, error) {
	var hash string
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u
		WHERE lower(u.email) = lower($1) AND u.disabled_at IS NULL`, strings.TrimSpace(email)), &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", apperr.Errorf(apperr.NotFound, "no user with email %q", email)
	}
	if err != nil {
		return nil, "", fmt.Errorf("look up user %q: %w", email, err)
	}
	return u, hash, nil
}

// dummyHash is compared against when the email is unknown, so that a failed sign-in takes as
// long whether or not the account exists.
var dummyHash, _ = argon2id.CreateHash("placesafe-dummy-password", argon2id.DefaultParams)

// Authenticate checks an email and password and returns the user, or an unauthorized error that
// does not say which of the two was wrong.
func (s *Store) Authenticate(ctx context.Context, email, password string) (*User, error) {
	u, hash, err := s.userAndHash(ctx, email)
	if apperr.Code(err) == apperr.NotFound {
		if _, err := s.compare(ctx, password, dummyHash); err != nil {
			return nil, err
		}
		return nil, apperr.Errorf(apperr.Unauthorized, "email or password is wrong")
	}
	if err != nil {
		return nil, err
	}
	if hash == "" { // an account of the identity provider: no password here
		if _, err := s.compare(ctx, password, dummyHash); err != nil {
			return nil, err
		}
		return nil, apperr.Errorf(apperr.Unauthorized, "email or password is wrong")
	}
	ok, err := s.compare(ctx, password, hash)
	var busy *apperr.Error
	if errors.As(err, &busy) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("check password of %q: %w", email, err)
	}
	if !ok {
		return nil, apperr.Errorf(apperr.Unauthorized, "email or password is wrong")
	}
	return u, nil
}
