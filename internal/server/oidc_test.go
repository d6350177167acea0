package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/auth/authtest"
	"github.com/placesafe/placesafe/internal/config"
)

const oidcRedirect = "http://placesafe.test/api/v1/auth/oidc/callback"

// newOIDCServer starts the service configured for the in-test provider, mapping two groups.
func newOIDCServer(t *testing.T, localAccounts bool) (*testServer, *provider) {
	t.Helper()
	p := newProvider(t, "placesafe-client", "client-secret-1", oidcRedirect)
	cfg := config.Default()
	cfg.LocalAccounts = localAccounts
	cfg.OIDC = config.OIDC{Issuer: p.URL, ClientID: "placesafe-client", ClientSecret: "client-secret-1",
		RedirectURL: oidcRedirect, ProviderName: "Northbridge Council", RoleClaim: "groups",
		Roles: map[string]string{"grp-analysts": "analyst", "grp-partners": "partner"}}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("configuration: %v", err)
	}
	return newTestServerWith(t, cfg), p
}

// signInWithProvider walks a browser through the flow: placesafe's login route, the provider's
// authorization endpoint, and placesafe's callback. tamper may change the callback's query.
func signInWithProvider(t *testing.T, ts *testServer, p *provider, tamper func(url.Values)) *httptest.ResponseRecorder {
	t.Helper()
	start := ts.do(t, "", http.MethodGet, "/api/v1/auth/oidc/login", "", "")
	if start.Code != http.StatusFound {
		t.Fatalf("start = %d %s", start.Code, start.Body)
	}
	var flow *http.Cookie
	for _, ck := range start.Result().Cookies() {
		if ck.Name == "placesafe_oidc" {
			flow = ck
		}
	}
	if flow == nil || !flow.HttpOnly {
		t.Fatalf("start set no HttpOnly flow cookie: %v", start.Result().Cookies())
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(start.Header().Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("provider's authorization endpoint = %d", resp.StatusCode)
	}
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(back.String(), oidcRedirect) {
		t.Fatalf("provider redirected to %q", resp.Header.Get("Location"))
	}
	q := back.Query()
	if tamper != nil {
		tamper(q)
	}
	req := httptest.NewRequest(http.MethodGet, back.Path+"?"+q.Encode(), nil)
	req.AddCookie(flow)
	rec := httptest.NewRecorder()
	ts.Echo.ServeHTTP(rec, req)
	return rec
}

func TestOpenIDConnectSignIn(t *testing.T) {
	ts, p := newOIDCServer(t, true)
	tests := []struct {
		name     string
		setup    func(p *provider)
		tamper   func(url.Values)
		want     int
		wantRole string
	}{
		{name: "analysts group signs in as analyst", setup: func(p *provider) { p.Groups = []string{"grp-analysts"} },
			want: http.StatusFound, wantRole: "analyst"},
		{name: "role follows the claims at the next sign-in", setup: func(p *provider) { p.Groups = []string{"grp-partners", "grp-unmapped"} },
			want: http.StatusFound, wantRole: "partner"},
		{name: "two mapped groups give the more privileged role", setup: func(p *provider) { p.Groups = []string{"grp-partners", "grp-analysts"} },
			want: http.StatusFound, wantRole: "analyst"},
		{name: "unknown group is refused", setup: func(p *provider) { p.Groups = []string{"grp-canteen"} },
			want: http.StatusForbidden},
		{name: "no groups at all is refused", setup: func(p *provider) { p.Groups = nil },
			want: http.StatusForbidden},
		{name: "expired ID token is refused", setup: func(p *provider) { p.Groups = []string{"grp-analysts"}; p.Expiry = -time.Hour },
			want: http.StatusUnauthorized},
		{name: "ID token for another client (wrong audience) is refused", setup: func(p *provider) { p.Groups = []string{"grp-analysts"}; p.Audience = "another-app" },
			want: http.StatusUnauthorized},
		{name: "ID token signed with a key the provider does not publish is refused", setup: func(p *provider) { p.Groups = []string{"grp-analysts"}; p.WrongKey = true },
			want: http.StatusUnauthorized},
		{name: "state from another sign-in is refused", setup: func(p *provider) { p.Groups = []string{"grp-analysts"} },
			tamper: func(q url.Values) { q.Set("state", "forged") }, want: http.StatusUnauthorized},
		{name: "a replayed or made-up code is refused", setup: func(p *provider) { p.Groups = []string{"grp-analysts"} },
			tamper: func(q url.Values) { q.Set("code", "made-up") }, want: http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.set(func(p *provider) {
				p.Expiry, p.Audience, p.WrongKey = time.Hour, "", false
				tt.setup(p)
			})
			rec := signInWithProvider(t, ts, p, tt.tamper)
			if rec.Code != tt.want {
				t.Fatalf("callback = %d %s, want %d", rec.Code, rec.Body, tt.want)
			}
			if tt.want != http.StatusFound {
				t.Logf("refused: %s", rec.Body)
				if b := sessionOf(rec); b.session != "" {
					t.Errorf("a refused sign-in set a session cookie")
				}
				return
			}
			if loc := rec.Header().Get("Location"); loc != "/" {
				t.Errorf("callback redirects to %q, want /", loc)
			}
			me := sessionOf(rec).send(ts, http.MethodGet, "/api/v1/auth/me", "")
			var body struct {
				User auth.User `json:"user"`
			}
			decode(t, me.Body.Bytes(), &body)
			if me.Code != http.StatusOK || body.User.Role != tt.wantRole || body.User.Email != "jo.analyst@northbridge.gov.uk" {
				t.Errorf("signed in as %+v (%d), want %s jo.analyst@northbridge.gov.uk", body.User, me.Code, tt.wantRole)
			}
		})
	}
	if got := auditCount(t, ts, "auth.login"); got != 3 {
		t.Errorf("audit entries auth.login = %d, want 3 (one per sign-in)", got)
	}
	// Password sign-in still works beside the provider.
	signIn(t, ts, "admin@example.org", authtest.Password)
}

func TestOIDCOnlyModeTurnsOffPasswords(t *testing.T) {
	ts, p := newOIDCServer(t, false)
	rec := ts.do(t, "", http.MethodPost, "/api/v1/auth/login", "application/json", loginBody("admin@example.org", authtest.Password))
	if rec.Code != http.StatusForbidden {
		t.Errorf("password sign-in in OIDC-only mode = %d, want 403", rec.Code)
	}
	var ui struct {
		SignIn map[string]any `json:"sign_in"`
	}
	if err := json.Unmarshal(ts.do(t, "", http.MethodGet, "/api/v1/ui-config", "", "").Body.Bytes(), &ui); err != nil {
		t.Fatal(err)
	}
	if ui.SignIn["password"] != false || ui.SignIn["provider_name"] != "Northbridge Council" || ui.SignIn["provider_url"] != "/api/v1/auth/oidc/login" {
		t.Errorf("ui-config sign_in = %v, want password off and the provider named", ui.SignIn)
	}
	p.set(func(p *provider) { p.Groups = []string{"grp-analysts"} })
	if rec := signInWithProvider(t, ts, p, nil); rec.Code != http.StatusFound {
		t.Errorf("provider sign-in in OIDC-only mode = %d %s, want 302", rec.Code, rec.Body)
	}
}

func TestOIDCRoutesAnswerNotFoundWhenNotConfigured(t *testing.T) {
	ts := newTestServer(t)
	for _, path := range []string{"/api/v1/auth/oidc/login", "/api/v1/auth/oidc/callback?state=x&code=y"} {
		if rec := ts.do(t, "", http.MethodGet, path, "", ""); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s without a provider = %d, want 404", path, rec.Code)
		}
	}
}
