package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
)

// SetDisabled disables or re-enables an account. Disabling ends its sessions at once; its API
// tokens stop working while it is disabled (they are checked against the account each time).
func (s *Store) SetDisabled(ctx context.Context, id int64, disabled bool) (*User, error) {
	var u *User
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) (err error) {
		u, err = scanUser(tx.QueryRow(ctx, `UPDATE users u SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) END
			WHERE id = $1 RETURNING `+userColumns, id, disabled))
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.Errorf(apperr.NotFound, "no user %d", id)
		}
		if err != nil {
			return fmt.Errorf("set user %d disabled %v: %w", id, disabled, err)
		}
		if disabled {
			if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
				return fmt.Errorf("end sessions of user %d: %w", id, err)
			}
		}
		return audit.Record(ctx, tx, map[bool]string{true: "user.disable", false: "user.enable"}[disabled],
			userResource(id), map[string]any{"email": u.Email}, -1)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// DisableUser disables an account (admin); an admin cannot disable their own.
func (h *Handler) DisableUser(c echo.Context) error { return h.setDisabled(c, true) }

// EnableUser re-enables a disabled account (admin).
func (h *Handler) EnableUser(c echo.Context) error { return h.setDisabled(c, false) }

func (h *Handler) setDisabled(c echo.Context, disabled bool) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	if disabled && id == CurrentUser(c).ID {
		return apperr.Errorf(apperr.Conflict, "you cannot disable your own account; ask another admin")
	}
	u, err := h.Store.SetDisabled(c.Request().Context(), id, disabled)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

type passwordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// ChangePassword sets the caller's password, given the current one; every other session of
// theirs ends (the one the change is made from stays signed in).
func (h *Handler) ChangePassword(c echo.Context) error {
	var req passwordRequest
	if err := api.Bind(c, &req); err != nil {
		return err
	}
	if req.CurrentPassword == "" || req.NewPassword == "" {
		return apperr.Errorf(apperr.Invalid, "current_password and new_password are required")
	}
	keep := ""
	if c.Request().Header.Get(echo.HeaderAuthorization) == "" {
		if ck, err := c.Cookie(SessionCookie); err == nil {
			keep = ck.Value
		}
	}
	u := CurrentUser(c)
	ctx := c.Request().Context()
	// Guessing the current password from a stolen session is throttled as sign-in is.
	addr := c.RealIP()
	if wait := h.Throttle.Wait(u.Email, addr); wait > 0 {
		return &apperr.Error{Code: apperr.TooManyRequests, RetryAfter: wait,
			Message: "too many wrong passwords for this account or from this address; try again later"}
	}
	err := h.Store.ChangePassword(ctx, u.ID, req.CurrentPassword, req.NewPassword, keep)
	if apperr.Code(err) == apperr.Unauthorized {
		return h.failed(ctx, u.Email, addr, err)
	}
	if err != nil {
		return err
	}
	if err := audit.Record(ctx, h.Store.pool, "user.password_change", userResource(u.ID), nil, -1); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// defaultAreas gives a new account the local areas it starts with: the whole deployment for an
// admin (who manages it) or where there are no local areas yet; the one local area where there
// is one; and none where there are several, until an admin names them. Nothing wider than an
// admin chose is given by default.
func defaultAreas(ctx context.Context, tx pgx.Tx, u *User) error {
	var n int64
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM local_areas`).Scan(&n); err != nil {
		return fmt.Errorf("count local areas: %w", err)
	}
	u.AllAreas, u.Areas = u.Role == RoleAdmin || n == 0, []int64{}
	if _, err := tx.Exec(ctx, `UPDATE users SET all_areas = $2 WHERE id = $1`, u.ID, u.AllAreas); err != nil {
		return fmt.Errorf("scope user %d: %w", u.ID, err)
	}
	if u.AllAreas || n != 1 {
		return nil
	}
	return tx.QueryRow(ctx, `INSERT INTO user_areas (user_id, local_area_id) SELECT $1, id FROM local_areas
		RETURNING ARRAY[local_area_id]`, u.ID).Scan(&u.Areas)
}

// AreasRequest is the body of PUT /users/{id}/areas: the whole deployment, or the listed local
// areas.
type AreasRequest struct {
	AllAreas   bool    `json:"all_areas"`
	LocalAreas []int64 `json:"local_areas"`
}

// SetUserAreas gives account id the whole deployment or the local areas listed, audit-logged.
// An admin manages the deployment and keeps all of it.
func (s *Store) SetUserAreas(ctx context.Context, id int64, r AreasRequest) (*User, error) {
	var u *User
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) (err error) {
		u, err = setAreas(ctx, tx, id, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("set areas of user %d: %w", id, err)
	}
	return u, nil
}

// setAreas is SetUserAreas in transaction tx.
func setAreas(ctx context.Context, tx pgx.Tx, id int64, r AreasRequest) (*User, error) {
	var bad api.Refusal
	bad.IDs("local_areas", r.LocalAreas, 1000)
	if r.AllAreas && len(r.LocalAreas) > 0 {
		bad.Add("local_areas", "must be empty for a user of the whole deployment")
	}
	if err := bad.Err("areas"); err != nil {
		return nil, err
	}
	var u User
	err := tx.QueryRow(ctx, `UPDATE users SET all_areas = $2 WHERE id = $1 RETURNING role`, id, r.AllAreas).Scan(&u.Role)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "no user %d", id)
	}
	if err != nil {
		return nil, err
	}
	if u.Role == RoleAdmin && !r.AllAreas {
		return nil, apperr.Errorf(apperr.Unprocessable, "an admin manages the whole deployment: all_areas must be true")
	}
	var known int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM local_areas WHERE id = ANY($1)`, r.LocalAreas).Scan(&known); err != nil {
		return nil, err
	}
	if known != len(r.LocalAreas) {
		return nil, apperr.Errorf(apperr.Unprocessable, "local_areas: %d of the %d ids are not local areas", len(r.LocalAreas)-known, len(r.LocalAreas))
	}
	if _, err := tx.Exec(ctx, `DELETE FROM user_areas WHERE user_id = $1`, id); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO user_areas (user_id, local_area_id) SELECT $1, unnest($2::bigint[])`, id, r.LocalAreas); err != nil {
		return nil, err
	}
	scoped, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	if err != nil {
		return nil, err
	}
	return scoped, audit.Record(ctx, tx, "user.areas", userResource(id), map[string]any{"all_areas": scoped.AllAreas, "local_areas": scoped.Areas}, -1)
}

// SetAreas sets the local areas an account sees (admin).
func (h *Handler) SetAreas(c echo.Context) error {
	u, err := api.WithIDBody(c, "id", h.Store.SetUserAreas)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}
