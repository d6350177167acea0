package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/config"
)

func TestSecurityHeaders(t *testing.T) {
	plain := newTestServer(t)
	withBasemap := config.Default()
	withBasemap.BasemapURL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
	withBasemap.SecureCookies = config.On
	tiled := newTestServerWith(t, withBasemap)

	tests := []struct {
		name     string
		ts       *testServer
		role     string
		method   string
		path     string
		remote   string
		header   map[string]string
		want     map[string]string   // header → exact value ("" means absent)
		contains map[string][]string // header → parts it must hold
		excludes map[string][]string // header → parts it must not hold
	}{
		{name: "dashboard", ts: plain, path: "/",
			want:     map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Strict-Transport-Security": ""},
			contains: map[string][]string{"Content-Security-Policy": {"default-src 'self'", "frame-ancestors 'none'", "connect-src 'self';", "img-src 'self' data: blob:;"}},
			excludes: map[string][]string{"Content-Security-Policy": {"*", "http"}}},
		{name: "dashboard's headers for curl -I", ts: plain, method: http.MethodHead, path: "/",
			want:     map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff"},
			contains: map[string][]string{"Content-Security-Policy": {"frame-ancestors 'none'"}}},
		{name: "dashboard with a basemap and secure cookies", ts: tiled, path: "/",
			want: map[string]string{"X-Frame-Options": "DENY", "Strict-Transport-Security": "max-age=31536000; includeSubDomains"},
			contains: map[string][]string{"Content-Security-Policy": {"img-src 'self' data: blob: https://*.tiles.example.org;",
				"connect-src 'self' https://*.tiles.example.org;", "frame-ancestors 'none'"}}},
		{name: "API answer", ts: plain, role: "admin", path: "/api/v1/auth/me",
			want:     map[string]string{"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", "X-Frame-Options": "DENY"},
			contains: map[string][]string{"Content-Security-Policy": {"default-src 'none'", "frame-ancestors 'none'"}}},
		{name: "API error", ts: plain, path: "/api/v1/imports",
			want: map[string]string{"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}},
		{name: "HTTPS through a proxy on this host with cookies on auto", ts: plain, path: "/", remote: "127.0.0.1:40000",
			header: map[string]string{"X-Forwarded-Proto": "https"},
			want:   map[string]string{"Strict-Transport-Security": "max-age=31536000; includeSubDomains"}},
		{name: "a client claiming HTTPS from afar with cookies on auto", ts: plain, path: "/",
			header: map[string]string{"X-Forwarded-Proto": "https"},
			want:   map[string]string{"Strict-Transport-Security": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			req := httptest.NewRequest(method, tt.path, nil)
			if tt.remote != "" {
				req.RemoteAddr = tt.remote
			}
			if tt.role != "" {
				req.Header.Set("Authorization", "Bearer "+tt.ts.tokens[tt.role])
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			tt.ts.Echo.ServeHTTP(rec, req)
			for k, v := range tt.want {
				if got := rec.Header().Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			for k, parts := range tt.contains {
				for _, p := range parts {
					if got := rec.Header().Get(k); !strings.Contains(got, p) {
						t.Errorf("%s = %q, want it to hold %q", k, got, p)
					}
				}
			}
			for k, parts := range tt.excludes {
				for _, p := range parts {
					if got := rec.Header().Get(k); strings.Contains(got, p) {
						t.Errorf("%s = %q, want it without %q", k, got, p)
					}
				}
			}
		})
	}
}
