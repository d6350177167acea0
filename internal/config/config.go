// Package config reads placesafe's configuration once, from the environment with flags on top,
// into a typed struct with defaults and a Validate that checks combinations.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/placesafe/placesafe/internal/basemap"
	"github.com/placesafe/placesafe/internal/incident"
)

// Config is the service's configuration. It is passed explicitly, never held in a global.
type Config struct {
	DatabaseURL          string        // DATABASE_URL
	Addr                 string        // PLACESAFE_ADDR
	SecureCookies        Switch        // PLACESAFE_SECURE_COOKIES: mark cookies Secure and send HSTS (auto: when the request came over HTTPS)
	SessionTTL           time.Duration // PLACESAFE_SESSION_TTL
	TokenTTL             time.Duration // PLACESAFE_TOKEN_TTL: how long a new API token lasts
	MaxUploadBytes       int64         // PLACESAFE_MAX_UPLOAD_BYTES: largest import file accepted
	MaxBodyBytes         int64         // PLACESAFE_MAX_BODY_BYTES: largest JSON request body
	SuppressionThreshold int           // PLACESAFE_SUPPRESSION_THRESHOLD: counts below this are hidden from roles without record-level access
	SYVAgeBands          []string      // PLACESAFE_SYV_AGE_BANDS: the child age bands of the serious youth violence scope
	LogLevel             string        // PLACESAFE_LOG_LEVEL: debug, info, warn, error
	// BasemapURL is an XYZ raster tile URL template for the dashboard's map (none by default:
	// the map stays readable without one); BasemapAttribution is shown with it.
	BasemapURL         string // PLACESAFE_BASEMAP_URL
	BasemapAttribution string // PLACESAFE_BASEMAP_ATTRIBUTION
	// BasemapFile is a PMTiles or MBTiles file the service serves as the basemap, for a map
	// that needs nothing from the internet (instead of BasemapURL).
	BasemapFile string // PLACESAFE_BASEMAP_FILE

	// HashConcurrency bounds the password hashes (64 MiB each) computed at once.
	HashConcurrency int // PLACESAFE_HASH_CONCURRENCY
	// AnalysisConcurrency bounds the heavy analyses (an aggregation the cache misses, an
	// emerging hot spot analysis) computed at once; a request waits at most AnalysisWait for
	// a place, then is answered 503 with Retry-After.
	AnalysisConcurrency int           // PLACESAFE_ANALYSIS_CONCURRENCY
	AnalysisWait        time.Duration // PLACESAFE_ANALYSIS_WAIT
	// LocalAccounts allows sign-in with e-mail and password; false leaves only OpenID Connect.
	LocalAccounts bool // PLACESAFE_LOCAL_ACCOUNTS

	Timeouts Timeouts
	// SpoolDir holds uploads waiting for a background import; the service owns it and empties
	// it on start.
	SpoolDir string // PLACESAFE_SPOOL_DIR

	// MetricsAddr, when set, serves /metrics there without sign-in (a private address for the
	// scraper); /metrics on Addr always needs an admin's credentials or MetricsToken.
	MetricsAddr  string // PLACESAFE_METRICS_ADDR
	MetricsToken string // PLACESAFE_METRICS_TOKEN (or _FILE): a bearer token for /metrics on Addr

	OIDC OIDC
}

// Timeouts bound how long a connection may take over each part of a request.
type Timeouts struct {
	ReadHeader time.Duration // PLACESAFE_READ_HEADER_TIMEOUT: the request line and headers
	Read       time.Duration // PLACESAFE_READ_TIMEOUT: a whole request, body included
	Upload     time.Duration // PLACESAFE_UPLOAD_TIMEOUT: a signed-in upload's body, and answering it
	Write      time.Duration // PLACESAFE_WRITE_TIMEOUT: writing an ordinary response
	Idle       time.Duration // PLACESAFE_IDLE_TIMEOUT: a kept-alive connection between requests
}

// OIDC configures sign-in with an OpenID Connect provider (Microsoft Entra ID and the like);
// it is on when Issuer is set.
type OIDC struct {
	Issuer       string            // PLACESAFE_OIDC_ISSUER
	ClientID     string            // PLACESAFE_OIDC_CLIENT_ID
	ClientSecret string            // PLACESAFE_OIDC_CLIENT_SECRET (or _FILE)
	RedirectURL  string            // PLACESAFE_OIDC_REDIRECT_URL: https://<host>/api/v1/auth/oidc/callback
	ProviderName string            // PLACESAFE_OIDC_PROVIDER_NAME: shown on the sign-in button
	RoleClaim    string            // PLACESAFE_OIDC_ROLE_CLAIM: the ID token claim holding group ids or role names
	Roles        map[string]string // PLACESAFE_OIDC_ROLES: claim value → placesafe role
}

// Enabled reports whether OpenID Connect sign-in is configured.
func (o OIDC) Enabled() bool { return o.Issuer != "" }

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		DatabaseURL:          "postgres://postgres@127.0.0.1:5432/placesafe?sslmode=disable",
		Addr:                 "127.0.0.1:8080",
		SessionTTL:           12 * time.Hour,
		TokenTTL:             90 * 24 * time.Hour,
		MaxUploadBytes:       512 << 20,
		MaxBodyBytes:         2 << 20,
		SuppressionThreshold: 5,
		SYVAgeBands:          incident.DefaultSYVBands,
		LogLevel:             "info",
		SecureCookies:        Auto,
		HashConcurrency:      4,
		AnalysisConcurrency:  4,
		AnalysisWait:         2 * time.Second,
		LocalAccounts:        true,
		Timeouts: Timeouts{ReadHeader: 10 * time.Second, Read: time.Minute, Upload: 30 * time.Minute,
			Write: 2 * time.Minute, Idle: 2 * time.Minute},
		SpoolDir: filepath.Join(os.TempDir(), "placesafe-spool"),
		OIDC:     OIDC{ProviderName: "your organisation", RoleClaim: "groups"},
	}
}

// SYVScope is the serious youth violence age scope of SYVAgeBands.
func (c Config) SYVScope() (incident.AgeScope, error) { return incident.SYVScope(c.SYVAgeBands) }

// FromEnv returns the defaults overridden by the environment; a value that does not parse is
// an error naming the variable.
func FromEnv() (Config, error) {
	c := Default()
	var e env
	e.str("DATABASE_URL", &c.DatabaseURL)
	e.str("PLACESAFE_ADDR", &c.Addr)
	e.str("PLACESAFE_LOG_LEVEL", &c.LogLevel)
	e.str("PLACESAFE_BASEMAP_URL", &c.BasemapURL)
	e.str("PLACESAFE_BASEMAP_ATTRIBUTION", &c.BasemapAttribution)
	e.str("PLACESAFE_BASEMAP_FILE", &c.BasemapFile)
	e.str("PLACESAFE_SPOOL_DIR", &c.SpoolDir)
	e.str("PLACESAFE_METRICS_ADDR", &c.MetricsAddr)
	e.secret("PLACESAFE_METRICS_TOKEN", &c.MetricsToken)
	e.tristate("PLACESAFE_SECURE_COOKIES", &c.SecureCookies)
	e.boolean("PLACESAFE_LOCAL_ACCOUNTS", &c.LocalAccounts)
	e.duration("PLACESAFE_SESSION_TTL", &c.SessionTTL)
	e.duration("PLACESAFE_TOKEN_TTL", &c.TokenTTL)
	e.duration("PLACESAFE_READ_HEADER_TIMEOUT", &c.Timeouts.ReadHeader)
	e.duration("PLACESAFE_READ_TIMEOUT", &c.Timeouts.Read)
	e.duration("PLACESAFE_UPLOAD_TIMEOUT", &c.Timeouts.Upload)
	e.duration("PLACESAFE_WRITE_TIMEOUT", &c.Timeouts.Write)
	e.duration("PLACESAFE_IDLE_TIMEOUT", &c.Timeouts.Idle)
	e.int64("PLACESAFE_MAX_UPLOAD_BYTES", &c.MaxUploadBytes)
	e.int64("PLACESAFE_MAX_BODY_BYTES", &c.MaxBodyBytes)
	e.integer("PLACESAFE_SUPPRESSION_THRESHOLD", &c.SuppressionThreshold)
	e.list("PLACESAFE_SYV_AGE_BANDS", &c.SYVAgeBands)
	e.integer("PLACESAFE_HASH_CONCURRENCY", &c.HashConcurrency)
	e.integer("PLACESAFE_ANALYSIS_CONCURRENCY", &c.AnalysisConcurrency)
	e.duration("PLACESAFE_ANALYSIS_WAIT", &c.AnalysisWait)
	e.str("PLACESAFE_OIDC_ISSUER", &c.OIDC.Issuer)
	e.str("PLACESAFE_OIDC_CLIENT_ID", &c.OIDC.ClientID)
	e.secret("PLACESAFE_OIDC_CLIENT_SECRET", &c.OIDC.ClientSecret)
	e.str("PLACESAFE_OIDC_REDIRECT_URL", &c.OIDC.RedirectURL)
	e.str("PLACESAFE_OIDC_PROVIDER_NAME", &c.OIDC.ProviderName)
	e.str("PLACESAFE_OIDC_ROLE_CLAIM", &c.OIDC.RoleClaim)
	e.mapping("PLACESAFE_OIDC_ROLES", &c.OIDC.Roles)
	return c, errors.Join(e.errs...)
}

// Validate checks values and combinations.
func (c Config) Validate() error {
	var errs []error
	if !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		errs = append(errs, errors.New("DATABASE_URL must be a postgres:// URL"))
	}
	if c.Addr == "" {
		errs = append(errs, errors.New("PLACESAFE_ADDR must not be empty"))
	}
	if c.SessionTTL < time.Minute {
		errs = append(errs, errors.New("PLACESAFE_SESSION_TTL must be at least 1m"))
	}
	if c.TokenTTL < time.Hour {
		errs = append(errs, errors.New("PLACESAFE_TOKEN_TTL must be at least 1h"))
	}
	if c.MaxUploadBytes < 1024 || c.MaxBodyBytes < 1024 {
		errs = append(errs, errors.New("PLACESAFE_MAX_UPLOAD_BYTES and PLACESAFE_MAX_BODY_BYTES must be at least 1024"))
	}
	if c.SuppressionThreshold < 1 {
		errs = append(errs, errors.New("PLACESAFE_SUPPRESSION_THRESHOLD must be at least 1"))
	}
	if _, err := c.SYVScope(); err != nil {
		errs = append(errs, fmt.Errorf("PLACESAFE_SYV_AGE_BANDS: %w", err))
	}
	if c.HashConcurrency < 1 {
		errs = append(errs, errors.New("PLACESAFE_HASH_CONCURRENCY must be at least 1"))
	}
	if c.AnalysisConcurrency < 1 || c.AnalysisWait < 0 {
		errs = append(errs, errors.New("PLACESAFE_ANALYSIS_CONCURRENCY must be at least 1 and PLACESAFE_ANALYSIS_WAIT not negative"))
	}
	t := c.Timeouts
	if t.ReadHeader <= 0 || t.Read <= 0 || t.Upload <= 0 || t.Write <= 0 || t.Idle <= 0 {
		errs = append(errs, errors.New("PLACESAFE_*_TIMEOUT values must be more than 0"))
	}
	if t.Upload < t.Read {
		errs = append(errs, errors.New("PLACESAFE_UPLOAD_TIMEOUT must be at least PLACESAFE_READ_TIMEOUT"))
	}
	if c.SpoolDir == "" {
		errs = append(errs, errors.New("PLACESAFE_SPOOL_DIR must not be empty"))
	}
	if c.BasemapURL != "" && !strings.HasPrefix(c.BasemapURL, "https://") && !strings.HasPrefix(c.BasemapURL, "http://") {
		errs = append(errs, errors.New("PLACESAFE_BASEMAP_URL must be an http(s) tile URL template such as https://tiles.example/{z}/{x}/{y}.png"))
	}
	if c.BasemapFile != "" && c.BasemapURL != "" {
		errs = append(errs, errors.New("PLACESAFE_BASEMAP_FILE and PLACESAFE_BASEMAP_URL: set one basemap, not both"))
	} else if c.BasemapFile != "" {
		if a, err := basemap.Open(c.BasemapFile); err != nil {
			errs = append(errs, fmt.Errorf("PLACESAFE_BASEMAP_FILE: %w", err))
		} else {
			a.Close()
		}
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 20 {
		errs = append(errs, errors.New("PLACESAFE_METRICS_TOKEN must be at least 20 characters"))
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.Addr {
		errs = append(errs, errors.New("PLACESAFE_METRICS_ADDR must differ from PLACESAFE_ADDR"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("PLACESAFE_LOG_LEVEL %q: want debug, info, warn or error", c.LogLevel))
	}
	errs = append(errs, c.OIDC.validate(c.LocalAccounts))
	return errors.Join(errs...)
}
