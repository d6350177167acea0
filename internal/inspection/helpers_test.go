package inspection_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/config"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// env is the whole HTTP service on a fresh database, with one user and API token per role,
// and the inspection store's clock set to a fixed day.
type env struct{ *servertest.Server }

func newEnv(t *testing.T) *env { return newEnvWith(t, config.Default()) }

func newEnvWith(t *testing.T, cfg config.Config) *env {
	t.Helper()
	e := &env{servertest.NewWith(t, cfg)}
	e.setToday("2024-03-18")
	return e
}

// setToday fixes the store's clock at noon, London time, on day.
func (e *env) setToday(day string) {
	loc := record.London()
	at, _ := time.ParseInLocation("2006-01-02 15:04", day+" 12:00", loc)
	e.Inspections.Now = func() time.Time { return at }
}

type req struct {
	role, method, path string
	body               string
	contentType        string
	ifMatch            string
}

// do sends r as its role (a JSON body unless contentType says otherwise).
func (e *env) do(t *testing.T, r req) *httptest.ResponseRecorder {
	t.Helper()
	var headers []string
	if r.contentType != "" {
		headers = append(headers, "Content-Type", r.contentType)
	}
	if r.ifMatch != "" {
		headers = append(headers, "If-Match", r.ifMatch)
	}
	return e.Send(t, r.role, r.method, r.path, r.body, headers...)
}

// must sends r and fails the test unless the status is want; it decodes the body into out.
func (e *env) must(t *testing.T, want int, r req, out any) *httptest.ResponseRecorder {
	t.Helper()
	rec := e.do(t, r)
	if rec.Code != want {
		t.Fatalf("%s %s as %s: status %d, want %d: %s", r.method, r.path, r.role, rec.Code, want, rec.Body)
	}
	if out != nil {
		servertest.Decode(t, rec, out)
	}
	return rec
}

// refused checks that r is answered with status want and an error message containing each of
// the fragments.
func (e *env) refused(t *testing.T, want int, r req, fragments ...string) {
	t.Helper()
	rec := e.do(t, r)
	if rec.Code != want {
		t.Errorf("%s %s %s: status %d, want %d: %s", r.method, r.path, r.body, rec.Code, want, rec.Body)
		return
	}
	var b struct {
		Error struct{ Message string } `json:"error"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &b)
	for _, f := range fragments {
		if !strings.Contains(b.Error.Message, f) {
			t.Errorf("%s %s %s: message %q does not contain %q", r.method, r.path, r.body, b.Error.Message, f)
		}
	}
}

type milestone struct {
	Key    string  `json:"key"`
	Due    *string `json:"due"`
	Actual *string `json:"actual"`
	Late   bool    `json:"late"`
}

type inspectionBody struct {
	ID         int64       `json:"id"`
	Framework  string      `json:"framework"`
	NotifiedOn string      `json:"notified_on"`
	Milestones []milestone `json:"milestones"`
	Warnings   []string    `json:"warnings"`
	Version    int         `json:"version"`
}

func (b inspectionBody) due(key string) string {
	for _, m := range b.Milestones {
		if m.Key == key && m.Due != nil {
			return *m.Due
		}
	}
	return ""
}

func (b inspectionBody) milestone(key string) milestone {
	for _, m := range b.Milestones {
		if m.Key == key {
			return m
		}
	}
	return milestone{}
}

// create records an inspection as the analyst and returns it.
func (e *env) create(t *testing.T, framework, notified string) inspectionBody {
	t.Helper()
	var b inspectionBody
	e.must(t, http.StatusCreated, req{role: "analyst", method: http.MethodPost, path: "/api/v1/inspections",
		body: `{"framework":"` + framework + `","local_area":"Northbridge","notified_on":"` + notified + `"}`}, &b)
	return b
}

// newInspection is a fresh service holding one serious youth violence inspection of
// Northbridge, notified on Monday 18 March 2024, the service's today.
func newInspection(t *testing.T) (*env, inspectionBody) {
	t.Helper()
	e := newEnv(t)
	return e, e.create(t, "serious_youth_violence", "2024-03-18")
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
