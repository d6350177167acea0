package auth

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
)

// Audit actions of sign-in.
const (
	ActionLogin       = "auth.login"
	ActionLoginFailed = "auth.login_failed"
	ActionLockout     = "auth.lockout"
)

// maxEmailBytes is the longest e-mail address (RFC 5321's path limit less its brackets).
const maxEmailBytes = 254

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// Login signs a browser in: it sets the session and CSRF cookies and returns the user.
// Failed attempts are throttled per account and per client address (429 with Retry-After);
// successes, failures and lock-outs go to the audit log.
func (h *Handler) Login(c echo.Context) error {
	if !h.LocalAccounts {
		return apperr.Errorf(apperr.Forbidden, "password sign-in is turned off; sign in with the identity provider")
	}
	var req loginRequest
	if err := c.Bind(&req); err != nil {
		return apperr.Errorf(apperr.Invalid, "body must be JSON {\"email\",\"password\"}")
	}
	if req.Email == "" || req.Password == "" {
		return apperr.Errorf(apperr.Invalid, "email and password are required")
	}
	// Bounds keep the throttle's keys and the audit log's entries small.
	if len(req.Email) > maxEmailBytes || len(req.Password) > 4*MaxPasswordLength {
		return apperr.Errorf(apperr.Invalid, "email or password is longer than any account's")
	}
	ctx := c.Request().Context()
	addr := c.RealIP()
	if wait := h.Throttle.Wait(req.Email, addr); wait > 0 {
		return &apperr.Error{Code: apperr.TooManyRequests, RetryAfter: wait,
			Message: "too many failed sign-ins for this account or from this address; try again later"}
	}
	u, err := h.Store.Authenticate(ctx, req.Email, req.Password)
	if apperr.Code(err) == apperr.Unauthorized {
		return h.failed(ctx, req.Email, addr, err)
	}
	if err != nil {
		return err
	}
	ctx = audit.WithActor(ctx, audit.Actor{UserID: u.ID, Email: u.Email, RequestID: audit.ActorFrom(ctx).RequestID})
	if err := audit.Record(ctx, h.Store.pool, ActionLogin, userResource(u.ID), map[string]any{"address": addr, "method": "password"}, -1); err != nil {
		return err
	}
	return h.startSession(c, u)
}

// failed records a refused sign-in (and the lock-out it may start) and returns refusal.
func (h *Handler) failed(ctx context.Context, email, addr string, refusal error) error {
	params := map[string]any{"email": email, "address": addr}
	if err := audit.Record(ctx, h.Store.pool, ActionLoginFailed, "", params, -1); err != nil {
		return err
	}
	if h.Throttle.Fail(email, addr) {
		if err := audit.Record(ctx, h.Store.pool, ActionLockout, "", params, -1); err != nil {
			return err
		}
	}
	return refusal
}

// startSession creates a session for u and sets its cookies.
func (h *Handler) startSession(c echo.Context, u *User) error {
	sess, err := h.Store.CreateSession(c.Request().Context(), u.ID, h.SessionTTL)
	if err != nil {
		return err
	}
	h.setSessionCookies(c, sess.Secret, sess.CSRFToken, sess.ExpiresAt)
	return c.JSON(http.StatusOK, map[string]any{"user": u, "csrf_token": sess.CSRFToken})
}

func (h *Handler) setSessionCookies(c echo.Context, secret, csrf string, expires time.Time) {
	c.SetCookie(&http.Cookie{Name: SessionCookie, Value: secret, Path: "/", Expires: expires,
		HttpOnly: true, Secure: h.Secure(c), SameSite: http.SameSiteLaxMode})
	c.SetCookie(&http.Cookie{Name: CSRFCookie, Value: csrf, Path: "/", Expires: expires,
		Secure: h.Secure(c), SameSite: http.SameSiteLaxMode})
}
