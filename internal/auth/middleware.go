package auth

import (
	"context"
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/audit"
)

// Cookie names. The CSRF cookie is readable by the page's script (double submit); the session
// cookie is not.
const (
	SessionCookie = "placesafe_session"
	CSRFCookie    = "placesafe_csrf"
	CSRFHeader    = "X-CSRF-Token"
)

type userKey struct{}

// UserFrom returns the signed-in user of a request context, or nil.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// CurrentUser returns the signed-in user of an echo request, or nil.
func CurrentUser(c echo.Context) *User { return UserFrom(c.Request().Context()) }

// Middleware identifies the caller by bearer token or session cookie and puts the user (and the
// audit actor) in the request context. Requests without credentials pass on anonymous; Require
// decides. Unsafe methods made with the cookie must carry the session's CSRF token.
func (s *Store) Middleware() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			ctx := req.Context()
			var u *User
			if h := req.Header.Get(echo.HeaderAuthorization); h != "" {
				scheme, secret, ok := strings.Cut(h, " ")
				if !ok || !strings.EqualFold(scheme, "Bearer") {
					return apperr.Errorf(apperr.Unauthorized, "Authorization header must be \"Bearer <token>\"")
				}
				var err error
				if u, err = s.UserByToken(ctx, strings.TrimSpace(secret)); err != nil {
					return err
				}
			} else if ck, err := req.Cookie(SessionCookie); err == nil && ck.Value != "" {
				var csrf string
				if u, csrf, err = s.UserBySession(ctx, ck.Value); err != nil {
					return err
				}
				if !safeMethod(req.Method) && subtle.ConstantTimeCompare([]byte(req.Header.Get(CSRFHeader)), []byte(csrf)) != 1 {
					return apperr.Errorf(apperr.Forbidden, "missing or wrong %s header (CSRF protection)", CSRFHeader)
				}
			}
			if u != nil {
				ctx = context.WithValue(ctx, userKey{}, u)
				v := area.Viewer{All: u.AllAreas, Areas: u.Areas}
				if h := req.Header.Get(area.Header); h != "" {
					id, err := strconv.ParseInt(h, 10, 64)
					if err != nil || id <= 0 {
						return apperr.Errorf(apperr.Invalid, "%s %q is not a local area id", area.Header, h)
					}
					var ok bool
					if v, ok = v.Narrow(id); !ok {
						return apperr.Errorf(apperr.NotFound, "no local area %d", id)
					}
				}
				ctx = area.WithViewer(ctx, v)
				ctx = audit.WithActor(ctx, audit.Actor{UserID: u.ID, Email: u.Email,
					RequestID: c.Response().Header().Get(echo.HeaderXRequestID)})
			} else {
				ctx = audit.WithActor(ctx, audit.Actor{RequestID: c.Response().Header().Get(echo.HeaderXRequestID)})
			}
			c.SetRequest(req.WithContext(ctx))
			return next(c)
		}
	}
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// Require lets a request through only when a user is signed in and, if roles are given, has
// one of them: 401 without credentials, 403 with the wrong role.
func Require(roles ...string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := CurrentUser(c)
			if u == nil {
				return apperr.Errorf(apperr.Unauthorized, "sign in or send an API token")
			}
			if len(roles) == 0 {
				return next(c)
			}
			for _, r := range roles {
				if u.Role == r {
					return next(c)
				}
			}
			return apperr.Errorf(apperr.Forbidden, "the %s role may not do this", u.Role)
		}
	}
}
