package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// env reads typed values from the environment, collecting one error per variable that does not
// parse.
type env struct{ errs []error }

func (e *env) fail(name string, err error) { e.errs = append(e.errs, fmt.Errorf("%s: %w", name, err)) }

func (e *env) str(name string, dst *string) {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		*dst = v
	}
}

// secret reads name, or the file named by name_FILE (trailing line breaks dropped).
func (e *env) secret(name string, dst *string) {
	e.str(name, dst)
	if path := os.Getenv(name + "_FILE"); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			e.fail(name+"_FILE", err)
			return
		}
		*dst = strings.TrimRight(string(b), "\r\n")
	}
}

func (e *env) boolean(name string, dst *bool) {
	if v := os.Getenv(name); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			e.fail(name, err)
		}
		*dst = b
	}
}

func (e *env) duration(name string, dst *time.Duration) {
	if v := os.Getenv(name); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			e.fail(name, err)
		}
		*dst = d
	}
}

func (e *env) int64(name string, dst *int64) {
	if v := os.Getenv(name); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			e.fail(name, err)
		}
		*dst = n
	}
}

func (e *env) integer(name string, dst *int) {
	if v := os.Getenv(name); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			e.fail(name, err)
		}
		*dst = n
	}
}

// Switch is a setting that is on, off, or decided per request.
type Switch string

// Values of a Switch.
const (
	On   Switch = "true"
	Off  Switch = "false"
	Auto Switch = "auto"
)

func (e *env) tristate(name string, dst *Switch) {
	v := os.Getenv(name)
	if v == "" {
		return
	}
	if strings.EqualFold(v, "auto") {
		*dst = Auto
		return
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		e.fail(name, errors.New("want true, false or auto"))
		return
	}
	*dst = Off
	if b {
		*dst = On
	}
}

// mapping reads "key=value,key=value".
func (e *env) mapping(name string, dst *map[string]string) {
	v := os.Getenv(name)
	if v == "" {
		return
	}
	m, err := ParseMapping(v)
	if err != nil {
		e.fail(name, err)
	}
	*dst = m
}

// ParseMapping reads "key=value,key=value" (spaces around items are ignored).
func ParseMapping(v string) (map[string]string, error) {
	m := map[string]string{}
	for _, item := range strings.Split(v, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(val) == "" {
			return nil, fmt.Errorf("%q is not key=value", item)
		}
		m[strings.TrimSpace(k)] = strings.TrimSpace(val)
	}
	return m, nil
}

// roles a claim may map to; kept here so that configuration can be checked without the auth
// package (which must not depend on configuration).
var knownRoles = []string{"admin", "analyst", "vrp_lead", "partner", "inspector"}

func (o OIDC) validate(localAccounts bool) error {
	if !o.Enabled() {
		if !localAccounts {
			return errors.New("PLACESAFE_LOCAL_ACCOUNTS=false needs PLACESAFE_OIDC_ISSUER: nobody could sign in")
		}
		return nil
	}
	var errs []error
	if u, err := url.Parse(o.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, errors.New("PLACESAFE_OIDC_ISSUER must be the provider's https:// issuer URL"))
	}
	if o.ClientID == "" || o.ClientSecret == "" {
		errs = append(errs, errors.New("PLACESAFE_OIDC_CLIENT_ID and PLACESAFE_OIDC_CLIENT_SECRET are required with PLACESAFE_OIDC_ISSUER"))
	}
	if u, err := url.Parse(o.RedirectURL); err != nil || u.Host == "" || !strings.HasSuffix(u.Path, "/api/v1/auth/oidc/callback") {
		errs = append(errs, errors.New("PLACESAFE_OIDC_REDIRECT_URL must be https://<host>/api/v1/auth/oidc/callback"))
	}
	if o.RoleClaim == "" {
		errs = append(errs, errors.New("PLACESAFE_OIDC_ROLE_CLAIM must not be empty"))
	}
	if len(o.Roles) == 0 {
		errs = append(errs, errors.New("PLACESAFE_OIDC_ROLES must map at least one claim value to a role (value=role,...)"))
	}
	for k, r := range o.Roles {
		ok := false
		for _, x := range knownRoles {
			ok = ok || x == r
		}
		if !ok {
			errs = append(errs, fmt.Errorf("PLACESAFE_OIDC_ROLES: %s=%s: want one of %s", k, r, strings.Join(knownRoles, ", ")))
		}
	}
	return errors.Join(errs...)
}

// list reads a comma-separated list; blanks around items are ignored.
func (e *env) list(name string, dst *[]string) {
	v, ok := os.LookupEnv(name)
	if !ok || strings.TrimSpace(v) == "" {
		return
	}
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	*dst = out
}
