package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/auth/authtest"
	"github.com/placesafe/placesafe/internal/config"
)

func loginBody(email, password string) string {
	b, _ := json.Marshal(map[string]string{"email": email, "password": password})
	return string(b)
}

// auditCount returns how many audit entries have the action.
func auditCount(t *testing.T, ts *testServer, action string) int {
	t.Helper()
	rec := ts.do(t, "admin", http.MethodGet, "/api/v1/audit?limit=1&action="+action, "", "")
	var body struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("audit list = %d %s", rec.Code, rec.Body)
	}
	return body.Total
}

func TestThirtyWrongPasswordsLockTheAccountOut(t *testing.T) {
	ts := newTestServer(t)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ts.SignIn.Now = func() time.Time { return now }
	statuses := map[int]int{}
	var retryAfter string
	for i := range 30 {
		rec := ts.do(t, "", http.MethodPost, "/api/v1/auth/login", "application/json",
			loginBody("admin@example.org", fmt.Sprintf("guess number %d", i)))
		statuses[rec.Code]++
		if rec.Code == http.StatusTooManyRequests {
			retryAfter = rec.Header().Get("Retry-After")
		}
	}
	if statuses[http.StatusUnauthorized] != 10 || statuses[http.StatusTooManyRequests] != 20 {
		t.Fatalf("statuses of 30 wrong passwords = %v, want 10 × 401 then 20 × 429", statuses)
	}
	if secs, err := strconv.Atoi(retryAfter); err != nil || secs < 1 || secs > 60 {
		t.Errorf("Retry-After = %q, want 1 to 60 seconds", retryAfter)
	}

	right := loginBody("admin@example.org", authtest.Password)
	if rec := ts.do(t, "", http.MethodPost, "/api/v1/auth/login", "application/json", right); rec.Code != http.StatusTooManyRequests {
		t.Errorf("right password during the lock-out = %d, want 429", rec.Code)
	}
	now = now.Add(time.Minute)
	if rec := ts.do(t, "", http.MethodPost, "/api/v1/auth/login", "application/json", right); rec.Code != http.StatusOK {
		t.Errorf("right password once the window has passed = %d %s, want 200", rec.Code, rec.Body)
	}

	for action, want := range map[string]int{"auth.login_failed": 10, "auth.lockout": 1, "auth.login": 1} {
		if got := auditCount(t, ts, action); got != want {
			t.Errorf("audit entries %s = %d, want %d", action, got, want)
		}
	}
}

func TestAnotherAccountIsNotLockedOutByOnesFailures(t *testing.T) {
	ts := newTestServer(t)
	for range 12 {
		ts.do(t, "", http.MethodPost, "/api/v1/auth/login", "application/json", loginBody("admin@example.org", "not the password"))
	}
	rec := ts.do(t, "", http.MethodPost, "/api/v1/auth/login", "application/json", loginBody("analyst@example.org", authtest.Password))
	if rec.Code != http.StatusOK {
		t.Errorf("another account's sign-in = %d %s, want 200", rec.Code, rec.Body)
	}
}

// rssKiB reads a field (VmRSS, VmHWM) of /proc/self/status in KiB.
func rssKiB(t *testing.T, field string) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatalf("read /proc/self/status: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatalf("parse %s: %v", line, err)
			}
			return n
		}
	}
	t.Fatalf("no %s in /proc/self/status", field)
	return 0
}

// TestParallelSignInsForAnUnknownEmailKeepMemoryBounded sends 100 sign-ins at once for an
// e-mail that has no account. Each password check takes 64 MiB; unbounded, that is over 6 GiB.
// With at most two checks at a time the peak resident memory may grow by at most 512 MiB.
func TestParallelSignInsForAnUnknownEmailKeepMemoryBounded(t *testing.T) {
	cfg := config.Default()
	cfg.HashConcurrency = 2
	ts := newTestServerWith(t, cfg)
	runtime.GC()
	// Writing 5 to clear_refs resets the peak (VmHWM) to the current resident size.
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Fatalf("reset peak RSS: %v", err)
	}
	before := rssKiB(t, "VmRSS")
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := ts.do(t, "", http.MethodPost, "/api/v1/auth/login", "application/json",
				loginBody("nobody@example.org", fmt.Sprintf("attempt %d", i)))
			mu.Lock()
			statuses[rec.Code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	growth := rssKiB(t, "VmHWM") - before
	t.Logf("statuses %v; peak RSS grew by %d MiB", statuses, growth/1024)
	const bound = 512 << 10 // KiB
	if growth > bound {
		t.Errorf("peak RSS grew by %d MiB, more than %d MiB", growth/1024, bound/1024)
	}
	for code, n := range statuses {
		switch code {
		case http.StatusUnauthorized, http.StatusTooManyRequests, http.StatusServiceUnavailable:
		default:
			t.Errorf("%d sign-ins answered %d, want 401, 429 or 503", n, code)
		}
	}
}
