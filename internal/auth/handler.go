package auth

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
)

// Handler serves sign-in, users and tokens.
type Handler struct {
	Store    *Store
	Throttle *Throttle
	// Secure says whether cookies set on this request are marked Secure.
	Secure     func(c echo.Context) bool
	SessionTTL time.Duration
	// LocalAccounts allows sign-in with an e-mail and password (off when only the identity
	// provider may sign people in).
	LocalAccounts bool
	// Routes, when set, lists the routes ("METHOD /path" as registered) a role may call, so
	// that the dashboard offers what the service allows without a copy of its role rules.
	Routes func(role string) []string
	// Home, when set, names the dashboard screen a role starts at ("review", "map").
	Home func(role string) string
}

func userResource(id int64) string { return "users/" + strconv.FormatInt(id, 10) }

// Logout ends the browser's session.
func (h *Handler) Logout(c echo.Context) error {
	if ck, err := c.Cookie(SessionCookie); err == nil {
		if err := h.Store.DeleteSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	for _, name := range []string{SessionCookie, CSRFCookie} {
		c.SetCookie(&http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, Secure: h.Secure(c), SameSite: http.SameSiteLaxMode})
	}
	return c.NoContent(http.StatusNoContent)
}

// Me returns the signed-in user, the routes their role may call and the screen they start at.
func (h *Handler) Me(c echo.Context) error {
	u := CurrentUser(c)
	may := []string{}
	if h.Routes != nil {
		may = h.Routes(u.Role)
	}
	body := map[string]any{"user": u, "record_level": RecordLevel(u.Role), "may": may}
	if h.Home != nil {
		body["home"] = h.Home(u.Role)
	}
	return c.JSON(http.StatusOK, body)
}

// ListUsers lists accounts (admin).
func (h *Handler) ListUsers(c echo.Context) error {
	users, err := h.Store.ListUsers(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"users": users, "total": len(users)})
}

type createUserRequest struct {
	Email    string `json:"email"`
	Role     string `json:"role"`
	Password string `json:"password"`
	// AllAreas and LocalAreas, when either is given, set the local areas the account sees
	// (see AreasRequest); otherwise it starts with the default (see defaultAreas).
	AllAreas   *bool   `json:"all_areas"`
	LocalAreas []int64 `json:"local_areas"`
}

// CreateUser adds an account (admin).
func (h *Handler) CreateUser(c echo.Context) error {
	var req createUserRequest
	if err := c.Bind(&req); err != nil {
		return apperr.Errorf(apperr.Invalid, "body must be JSON {\"email\",\"role\",\"password\"}")
	}
	ctx := c.Request().Context()
	var areas []AreasRequest
	if req.AllAreas != nil || req.LocalAreas != nil {
		areas = append(areas, AreasRequest{AllAreas: req.AllAreas != nil && *req.AllAreas, LocalAreas: req.LocalAreas})
	}
	u, err := h.Store.CreateUser(ctx, req.Email, req.Role, req.Password, areas...)
	if err != nil {
		return err
	}
	if err := audit.Record(ctx, h.Store.pool, "user.create", "users/"+strconv.FormatInt(u.ID, 10),
		map[string]any{"email": u.Email, "role": u.Role}, -1); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

// ListTokens lists the caller's API tokens.
func (h *Handler) ListTokens(c echo.Context) error {
	ts, err := h.Store.ListTokens(c.Request().Context(), CurrentUser(c).ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"tokens": ts, "total": len(ts)})
}

// CreateToken makes an API token for the caller; the secret is in the response, once.
func (h *Handler) CreateToken(c echo.Context) error {
	var req struct {
		Name string `json:"name"`
	}
	if c.Request().ContentLength != 0 {
		if err := c.Bind(&req); err != nil {
			return apperr.Errorf(apperr.Invalid, "body must be JSON {\"name\"}")
		}
	}
	ctx := c.Request().Context()
	t, secret, err := h.Store.CreateToken(ctx, CurrentUser(c).ID, req.Name)
	if err != nil {
		return err
	}
	if err := audit.Record(ctx, h.Store.pool, "token.create", "tokens/"+strconv.FormatInt(t.ID, 10), map[string]any{"name": t.Name}, -1); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"token": t, "secret": secret})
}

// RevokeToken revokes one of the caller's tokens (an admin may revoke anyone's).
func (h *Handler) RevokeToken(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	u := CurrentUser(c)
	ctx := c.Request().Context()
	if err := h.Store.RevokeToken(ctx, id, u.ID, u.Role == RoleAdmin); err != nil {
		return err
	}
	if err := audit.Record(ctx, h.Store.pool, "token.revoke", "tokens/"+strconv.FormatInt(id, 10), nil, -1); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
