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
