package server_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc/oidctest"
)

// provider is a small but real OpenID Connect provider: discovery and JWKS (from go-oidc's
// oidctest), an authorization endpoint that signs its one user in at once and redirects back
// with a code, and a token endpoint that checks the client's secret and the PKCE verifier and
// returns an RS256-signed ID token. The fields say what the next sign-in's ID token holds.
type provider struct {
	*httptest.Server
	clientID, secret, redirect string
	key, otherKey              *rsa.PrivateKey

	mu       sync.Mutex
	Groups   []string
	Audience string        // "" means the client id
	Expiry   time.Duration // from now; negative for an expired token
	Subject  string
	Email    string
	WrongKey bool // sign with a key the JWKS does not hold
	codes    map[string]grant
}

type grant struct{ nonce, challenge string }

func newProvider(t *testing.T, clientID, secret, redirect string) *provider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &provider{clientID: clientID, secret: secret, redirect: redirect, key: key, otherKey: other,
		Expiry: time.Hour, Subject: "entra-object-id-1", Email: "jo.analyst@northbridge.gov.uk", codes: map[string]grant{}}
	disc := &oidctest.Server{PublicKeys: []oidctest.PublicKey{{PublicKey: key.Public(), KeyID: "k1", Algorithm: "RS256"}}}
	mux := http.NewServeMux()
	mux.Handle("/.well-known/openid-configuration", disc)
	mux.Handle("/keys", disc)
	mux.HandleFunc("/auth", p.authorize)
	mux.HandleFunc("/token", p.token)
	p.Server = httptest.NewServer(mux)
	t.Cleanup(p.Close)
	disc.SetIssuer(p.URL)
	return p
}

func (p *provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != p.clientID || q.Get("redirect_uri") != p.redirect || q.Get("response_type") != "code" ||
		q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" {
		http.Error(w, "bad authorization request: "+r.URL.RawQuery, http.StatusBadRequest)
		return
	}
	code := base64.RawURLEncoding.EncodeToString([]byte(rand.Text()))
	p.mu.Lock()
	p.codes[code] = grant{nonce: q.Get("nonce"), challenge: q.Get("code_challenge")}
	p.mu.Unlock()
	back, _ := url.Parse(p.redirect)
	back.RawQuery = url.Values{"code": {code}, "state": {q.Get("state")}}.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (p *provider) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != p.clientID || secret != p.secret {
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	g, ok := p.codes[r.PostForm.Get("code")]
	delete(p.codes, r.PostForm.Get("code"))
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if !ok || r.PostForm.Get("grant_type") != "authorization_code" || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
		return
	}
	aud := p.Audience
	if aud == "" {
		aud = p.clientID
	}
	now := time.Now()
	claims, _ := json.Marshal(map[string]any{"iss": p.URL, "sub": p.Subject, "aud": aud, "iat": now.Unix(),
		"exp": now.Add(p.Expiry).Unix(), "nonce": g.nonce, "email": p.Email, "groups": p.Groups})
	key := p.key
	if p.WrongKey {
		key = p.otherKey
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at-" + rand.Text(), "token_type": "Bearer",
		"expires_in": 3600, "id_token": oidctest.SignIDToken(key, "k1", "RS256", string(claims))})
}

// set changes what the next sign-in's ID token holds.
func (p *provider) set(f func(p *provider)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f(p)
}
