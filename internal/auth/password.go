package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/trustelem/zxcvbn"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/text"
)

// Password policy: at least MinPasswordLength characters (NCSC guidance favours length), at
// most MaxPasswordLength, and not guessable: zxcvbn's score (0–4) at least MinPasswordScore,
// counting the account's e-mail and the product's name as words an attacker would try.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 256
	MinPasswordScore  = 3
	// zxcvbn's time grows with length; the start of a password says whether it is guessable.
	scoredPrefix = 64
)

// CheckPassword returns an invalid error saying why password is too weak for the account
// email, or nil.
func CheckPassword(password, email string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password) || text.Check(password, 0, false) != nil:
		return apperr.Errorf(apperr.Invalid, "password must be text without control characters")
	case n < MinPasswordLength:
		return apperr.Errorf(apperr.Invalid, "password must be at least %d characters", MinPasswordLength)
	case n > MaxPasswordLength:
		return apperr.Errorf(apperr.Invalid, "password must be at most %d characters", MaxPasswordLength)
	case strings.TrimSpace(password) == "":
		return apperr.Errorf(apperr.Invalid, "password must not be blank")
	}
	scored := password
	if n > scoredPrefix {
		scored = string([]rune(password)[:scoredPrefix])
	}
	local, _, _ := strings.Cut(email, "@")
	r := zxcvbn.PasswordStrength(scored, []string{email, local, "placesafe"})
	if r.Score < MinPasswordScore {
		return apperr.Errorf(apperr.Invalid, "password is too easy to guess: use a longer phrase of unrelated words")
	}
	return nil
}

// ChangePassword sets a new password for a user who proves the old one, and ends every
// session of theirs except keep (the session the change was made from; "" ends them all).
func (s *Store) ChangePassword(ctx context.Context, userID int64, oldPassword, newPassword, keep string) error {
	var email, hash string
	err := s.pool.QueryRow(ctx, `SELECT email, password_hash FROM users WHERE id = $1 AND disabled_at IS NULL`, userID).
		Scan(&email, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return apperr.Errorf(apperr.NotFound, "no active user %d", userID)
	}
	if err != nil {
		return fmt.Errorf("look up user %d: %w", userID, err)
	}
	if hash == "" {
		return apperr.Errorf(apperr.Conflict, "this account signs in with the identity provider and has no password here")
	}
	ok, err := s.compare(ctx, oldPassword, hash)
	var busy *apperr.Error
	if errors.As(err, &busy) {
		return err
	}
	if err != nil {
		return fmt.Errorf("check password of user %d: %w", userID, err)
	}
	if !ok {
		return apperr.Errorf(apperr.Unauthorized, "the current password is wrong")
	}
	if err := CheckPassword(newPassword, email); err != nil {
		return err
	}
	newHash, err := s.hash(ctx, newPassword)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, userID, newHash); err != nil {
			return fmt.Errorf("set password of user %d: %w", userID, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, hashSecret(keep)); err != nil {
			return fmt.Errorf("end other sessions of user %d: %w", userID, err)
		}
		return nil
	})
}
