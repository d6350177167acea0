package auth

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/jackc/pgx/v5"
	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/postgres"
)

// OIDCConfig configures sign-in with an OpenID Connect provider (such as Microsoft Entra ID).
type OIDCConfig struct {
	Issuer, ClientID, ClientSecret, RedirectURL string
	// ProviderName is shown on the dashboard's sign-in button.
	ProviderName string
	// RoleClaim names the ID token claim (a string or a list of strings, such as Entra ID's
	// "groups" or "roles") whose values Roles maps to placesafe roles.
	RoleClaim string
	Roles     map[string]string
}

// oidcCookie carries the state, nonce and PKCE verifier of a sign-in from its start to the
// provider's redirect back; it lives ten minutes and only under the OIDC routes.
const (
	oidcCookie     = "placesafe_oidc"
	oidcCookiePath = "/api/v1/auth/oidc"
	oidcCookieTTL  = 10 * time.Minute
)

// OIDC serves sign-in with an OpenID Connect provider: the authorization code flow with PKCE,
// state and nonce. The provider is discovered on first use, so that the service starts even
// while the provider cannot be reached.
type OIDC struct {
	Config  OIDCConfig
	Handler *Handler

	mu       sync.Mutex
	oauth    *oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// Enabled reports whether a provider is configured.
func (o *OIDC) Enabled() bool { return o != nil && o.Config.Issuer != "" }

func (o *OIDC) provider(ctx context.Context) (*oauth2.Config, *oidc.IDTokenVerifier, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.oauth != nil {
		return o.oauth, o.verifier, nil
	}
	p, err := oidc.NewProvider(ctx, o.Config.Issuer)
	if err != nil {
		return nil, nil, &apperr.Error{Code: apperr.Unavailable, RetryAfter: 30 * time.Second,
			Message: "the identity provider cannot be reached; try again shortly"}
	}
	o.oauth = &oauth2.Config{ClientID: o.Config.ClientID, ClientSecret: o.Config.ClientSecret,
		RedirectURL: o.Config.RedirectURL, Endpoint: p.Endpoint(),
		Scopes: []string{oidc.ScopeOpenID, "profile", "email"}}
	o.verifier = p.Verifier(&oidc.Config{ClientID: o.Config.ClientID})
	return o.oauth, o.verifier, nil
}

// Login starts a sign-in: it remembers state, nonce and PKCE verifier in a short-lived cookie
// and sends the browser to the provider.
func (o *OIDC) Login(c echo.Context) error {
	if !o.Enabled() {
		return apperr.Errorf(apperr.NotFound, "sign-in with an identity provider is not configured")
	}
	conf, _, err := o.provider(c.Request().Context())
	if err != nil {
		return err
	}
	state, nonce, pkce := newSecret(), newSecret(), oauth2.GenerateVerifier()
	c.SetCookie(&http.Cookie{Name: oidcCookie, Value: state + "." + nonce + "." + pkce, Path: oidcCookiePath,
		MaxAge: int(oidcCookieTTL.Seconds()), HttpOnly: true, Secure: o.Handler.Secure(c), SameSite: http.SameSiteLaxMode})
	return c.Redirect(http.StatusFound, conf.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(pkce)))
}

// Callback finishes a sign-in: it checks the state, exchanges the code (with the PKCE
// verifier), verifies the ID token (signature, issuer, audience, expiry, nonce), maps its role
// claim to a role, and signs the browser in to the account of that subject, made on first
// sign-in and given the role the claims say each time.
func (o *OIDC) Callback(c echo.Context) error {
	if !o.Enabled() {
		return apperr.Errorf(apperr.NotFound, "sign-in with an identity provider is not configured")
	}
	ctx := c.Request().Context()
	u, err := o.callback(c)
	if err != nil {
		if code := apperr.Code(err); code == apperr.Unauthorized || code == apperr.Forbidden {
			if aerr := audit.Record(ctx, o.Handler.Store.pool, ActionLoginFailed, "",
				map[string]any{"method": "oidc", "address": c.RealIP(), "reason": err.Error()}, -1); aerr != nil {
				return aerr
			}
		}
		return err
	}
	ctx = audit.WithActor(ctx, audit.Actor{UserID: u.ID, Email: u.Email, RequestID: audit.ActorFrom(ctx).RequestID})
	if err := audit.Record(ctx, o.Handler.Store.pool, ActionLogin, userResource(u.ID),
		map[string]any{"address": c.RealIP(), "method": "oidc", "role": u.Role}, -1); err != nil {
		return err
	}
	sess, err := o.Handler.Store.CreateSession(ctx, u.ID, o.Handler.SessionTTL)
	if err != nil {
		return err
	}
	o.Handler.setSessionCookies(c, sess.Secret, sess.CSRFToken, sess.ExpiresAt)
	return c.Redirect(http.StatusFound, "/")
}

func (o *OIDC) callback(c echo.Context) (*User, error) {
	ctx := c.Request().Context()
	ck, err := c.Cookie(oidcCookie)
	c.SetCookie(&http.Cookie{Name: oidcCookie, Value: "", Path: oidcCookiePath, MaxAge: -1, HttpOnly: true,
		Secure: o.Handler.Secure(c), SameSite: http.SameSiteLaxMode})
	if err != nil {
		return nil, apperr.Errorf(apperr.Unauthorized, "the sign-in was not started here or took too long; start again")
	}
	parts := strings.Split(ck.Value, ".")
	if len(parts) != 3 || subtle.ConstantTimeCompare([]byte(parts[0]), []byte(c.QueryParam("state"))) != 1 {
		return nil, apperr.Errorf(apperr.Unauthorized, "the sign-in's state does not match; start again")
	}
	nonce, pkce := parts[1], parts[2]
	if e := c.QueryParam("error"); e != "" {
		return nil, apperr.Errorf(apperr.Unauthorized, "the identity provider refused the sign-in: %s", e)
	}
	conf, verifier, err := o.provider(ctx)
	if err != nil {
		return nil, err
	}
	tok, err := conf.Exchange(ctx, c.QueryParam("code"), oauth2.VerifierOption(pkce))
	if err != nil {
		return nil, apperr.Errorf(apperr.Unauthorized, "the identity provider did not accept the sign-in code")
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, apperr.Errorf(apperr.Unauthorized, "the identity provider sent no ID token")
	}
	idt, err := verifier.Verify(ctx, raw)
	if err != nil {
		return nil, apperr.Errorf(apperr.Unauthorized, "the ID token is not valid: %v", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return nil, apperr.Errorf(apperr.Unauthorized, "the ID token's nonce does not match; start again")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, apperr.Errorf(apperr.Unauthorized, "the ID token's claims cannot be read")
	}
	role, err := o.role(claims)
	if err != nil {
		return nil, err
	}
	email := firstString(claims, "email", "preferred_username", "upn")
	if email == "" {
		return nil, apperr.Errorf(apperr.Unauthorized, "the ID token has no email or preferred_username claim")
	}
	return o.Handler.Store.UpsertOIDCUser(ctx, o.Config.Issuer+"|"+idt.Subject, email, role)
}

// role maps the role claim's values to the most privileged role they give.
func (o *OIDC) role(claims map[string]any) (string, error) {
	var values []string
	switch v := claims[o.Config.RoleClaim].(type) {
	case string:
		values = []string{v}
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				values = append(values, s)
			}
		}
	}
	best := -1
	for _, v := range values {
		for i, r := range Roles {
			if o.Config.Roles[v] == r && (best < 0 || i < best) {
				best = i
			}
		}
	}
	if best < 0 {
		return "", apperr.Errorf(apperr.Forbidden, "your account is in no group that placesafe gives a role to; ask an administrator")
	}
	return Roles[best], nil
}

func firstString(claims map[string]any, names ...string) string {
	for _, n := range names {
		if s, ok := claims[n].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// UpsertOIDCUser returns the account of an identity provider's subject with role, making it on
// first sign-in. A disabled account stays refused; an e-mail already used by a local account is
// refused rather than linked (the provider may not vouch for e-mail addresses).
func (s *Store) UpsertOIDCUser(ctx context.Context, subject, email, role string) (*User, error) {
	var u *User
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) (err error) {
		var made bool
		if u, err = scanUser(tx.QueryRow(ctx, `INSERT INTO users AS u (email, password_hash, role, oidc_subject) VALUES ($1, '', $2, $3)
			ON CONFLICT (oidc_subject) WHERE oidc_subject IS NOT NULL DO UPDATE SET role = EXCLUDED.role, email = EXCLUDED.email
			RETURNING `+userColumns+`, xmax = 0`, email, role, subject), &made); err != nil || !made {
			return err
		}
		return defaultAreas(ctx, tx, u)
	})
	if postgres.IsUniqueViolation(err) {
		return nil, apperr.Errorf(apperr.Conflict, "a local account already uses the e-mail %q; an administrator must resolve it", email)
	}
	if err != nil {
		return nil, fmt.Errorf("record account of %s: %w", subject, err)
	}
	if u.DisabledAt != nil {
		return nil, apperr.Errorf(apperr.Forbidden, "this account is disabled")
	}
	return u, nil
}
