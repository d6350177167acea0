// Package config reads placesafe's configuration once, from the environment with flags on top,
// into a typed struct with defaults and a Validate that checks combinations.
package config

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Config is the service's configuration. It is passed explicitly, never held in a global.
type Config struct {
	DatabaseURL          string        // DATABASE_URL
	Addr                 string        // PLACESAFE_ADDR
	SecureCookies        bool          // PLACESAFE_SECURE_COOKIES: mark the session cookie Secure (set when served over TLS)
	SessionTTL           time.Duration // PLACESAFE_SESSION_TTL
	MaxUploadBytes       int64         // PLACESAFE_MAX_UPLOAD_BYTES: largest import file accepted
	MaxBodyBytes         int64         // PLACESAFE_MAX_BODY_BYTES: largest JSON request body
	SuppressionThreshold int           // PLACESAFE_SUPPRESSION_THRESHOLD: counts below this are hidden from roles without record-level access
	LogLevel             string        // PLACESAFE_LOG_LEVEL: debug, info, warn, error
	// BasemapURL is an XYZ raster tile URL template for the dashboard's map (none by default:
	// the map stays readable without one); BasemapAttribution is shown with it.
	BasemapURL         string // PLACESAFE_BASEMAP_URL
	BasemapAttribution string // PLACESAFE_BASEMAP_ATTRIBUTION
}

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		DatabaseURL:          "postgres://postgres@127.0.0.1:5432/placesafe?sslmode=disable",
		Addr:                 "127.0.0.1:8080",
		SessionTTL:           12 * time.Hour,
		MaxUploadBytes:       512 << 20,
		MaxBodyBytes:         2 << 20,
		SuppressionThreshold: 5,
		LogLevel:             "info",
	}
}

// FromEnv returns the defaults overridden by the environment; a value that does not parse is
// an error naming the variable.
func FromEnv() (Config, error) {
	c := Default()
	var errs []error
	str := func(name string, dst *string) {
		if v, ok := os.LookupEnv(name); ok && v != "" {
			*dst = v
		}
	}
	str("DATABASE_URL", &c.DatabaseURL)
	str("PLACESAFE_ADDR", &c.Addr)
	str("PLACESAFE_LOG_LEVEL", &c.LogLevel)
	str("PLACESAFE_BASEMAP_URL", &c.BasemapURL)
	str("PLACESAFE_BASEMAP_ATTRIBUTION", &c.BasemapAttribution)
	if v := os.Getenv("PLACESAFE_SECURE_COOKIES"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("PLACESAFE_SECURE_COOKIES: %w", err))
		}
		c.SecureCookies = b
	}
	if v := os.Getenv("PLACESAFE_SESSION_TTL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("PLACESAFE_SESSION_TTL: %w", err))
		}
		c.SessionTTL = d
	}
	for name, dst := range map[string]*int64{"PLACESAFE_MAX_UPLOAD_BYTES": &c.MaxUploadBytes, "PLACESAFE_MAX_BODY_BYTES": &c.MaxBodyBytes} {
		if v := os.Getenv(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", name, err))
			}
			*dst = n
		}
	}
	if v := os.Getenv("PLACESAFE_SUPPRESSION_THRESHOLD"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("PLACESAFE_SUPPRESSION_THRESHOLD: %w", err))
		}
		c.SuppressionThreshold = n
	}
	if len(errs) > 0 {
		return c, errors.Join(errs...)
	}
	return c, nil
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
	if c.MaxUploadBytes < 1024 || c.MaxBodyBytes < 1024 {
		errs = append(errs, errors.New("PLACESAFE_MAX_UPLOAD_BYTES and PLACESAFE_MAX_BODY_BYTES must be at least 1024"))
	}
	if c.SuppressionThreshold < 1 {
		errs = append(errs, errors.New("PLACESAFE_SUPPRESSION_THRESHOLD must be at least 1"))
	}
	if c.BasemapURL != "" && !strings.HasPrefix(c.BasemapURL, "https://") && !strings.HasPrefix(c.BasemapURL, "http://") {
		errs = append(errs, errors.New("PLACESAFE_BASEMAP_URL must be an http(s) tile URL template such as https://tiles.example/{z}/{x}/{y}.png"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("PLACESAFE_LOG_LEVEL %q: want debug, info, warn or error", c.LogLevel))
	}
	return errors.Join(errs...)
}
