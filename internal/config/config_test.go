package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/basemap/basemaptest"
	"github.com/placesafe/placesafe/internal/config"
)

func TestFromEnvReadsSecuritySettings(t *testing.T) {
	t.Setenv("PLACESAFE_SECURE_COOKIES", "auto")
	t.Setenv("PLACESAFE_TOKEN_TTL", "720h")
	t.Setenv("PLACESAFE_READ_TIMEOUT", "30s")
	t.Setenv("PLACESAFE_OIDC_ISSUER", "https://login.microsoftonline.com/tenant-id/v2.0")
	t.Setenv("PLACESAFE_OIDC_CLIENT_ID", "app-id")
	t.Setenv("PLACESAFE_OIDC_CLIENT_SECRET", "s")
	t.Setenv("PLACESAFE_OIDC_REDIRECT_URL", "https://placesafe.example.gov.uk/api/v1/auth/oidc/callback")
	t.Setenv("PLACESAFE_OIDC_ROLES", "groupid1=analyst, groupid2=partner")
	c, err := config.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if c.SecureCookies != config.Auto || c.TokenTTL != 720*time.Hour || c.Timeouts.Read != 30*time.Second {
		t.Errorf("read %v %v %v", c.SecureCookies, c.TokenTTL, c.Timeouts.Read)
	}
	if c.OIDC.Roles["groupid1"] != "analyst" || c.OIDC.Roles["groupid2"] != "partner" || c.OIDC.RoleClaim != "groups" {
		t.Errorf("OIDC roles %v claim %q", c.OIDC.Roles, c.OIDC.RoleClaim)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("validate: %v", err)
	}
}

func TestValidateRefusesUnsafeCombinations(t *testing.T) {
	oidc := func(c *config.Config) {
		c.OIDC = config.OIDC{Issuer: "https://idp.example", ClientID: "id", ClientSecret: "s", RoleClaim: "groups",
			RedirectURL: "https://ps.example/api/v1/auth/oidc/callback", Roles: map[string]string{"g": "analyst"}}
	}
	tests := []struct {
		name   string
		change func(c *config.Config)
		want   string // part of the error; "" for none
	}{
		{"defaults", func(*config.Config) {}, ""},
		{"a complete provider", oidc, ""},
		{"no passwords and no provider", func(c *config.Config) { c.LocalAccounts = false }, "nobody could sign in"},
		{"provider without a secret", func(c *config.Config) { oidc(c); c.OIDC.ClientSecret = "" }, "CLIENT_SECRET"},
		{"provider mapping to an unknown role", func(c *config.Config) { oidc(c); c.OIDC.Roles = map[string]string{"g": "superuser"} }, "superuser"},
		{"redirect URL elsewhere", func(c *config.Config) { oidc(c); c.OIDC.RedirectURL = "https://ps.example/" }, "REDIRECT_URL"},
		{"upload timeout shorter than read", func(c *config.Config) { c.Timeouts.Upload = time.Second }, "UPLOAD_TIMEOUT"},
		{"token lifetime of seconds", func(c *config.Config) { c.TokenTTL = time.Second }, "TOKEN_TTL"},
		{"a metrics token easily guessed", func(c *config.Config) { c.MetricsToken = "secret" }, "METRICS_TOKEN"},
		{"metrics on the main address", func(c *config.Config) { c.MetricsAddr = c.Addr }, "METRICS_ADDR"},
		{"metrics on an address of their own", func(c *config.Config) { c.MetricsAddr = "10.0.0.5:9100" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config.Default()
			tt.change(&c)
			err := c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate() = %v, want an error about %s", err, tt.want)
			}
		})
	}
}

func TestValidateOpensTheBasemapFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "london.pmtiles")
	s, err := basemaptest.NewSample(basemaptest.DataDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.WritePMTiles(good); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "london.mbtiles")
	if err := os.WriteFile(bad, []byte("tiles were meant to be here"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		file, url string
		want      []string // parts of the error; none for no error
	}{
		{"a PMTiles archive", good, "", nil},
		{"a file of neither format", bad, "", []string{"PLACESAFE_BASEMAP_FILE", bad, "neither a PMTiles archive nor an MBTiles"}},
		{"a file that is not there", filepath.Join(dir, "gone.pmtiles"), "", []string{"PLACESAFE_BASEMAP_FILE", "gone.pmtiles"}},
		{"a file and a URL", good, "https://tiles.example/{z}/{x}/{y}.png", []string{"not both"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config.Default()
			c.BasemapFile, c.BasemapURL = tt.file, tt.url
			err := c.Validate()
			if len(tt.want) == 0 && err != nil {
				t.Fatalf("Validate() = %v, want nil", err)
			}
			for _, w := range tt.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %v, want an error saying %q", err, w)
				}
			}
		})
	}
}
