package main

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

// TestLeftOverSpoolFileIsRemovedOnStart stands for a process killed during a background
// import: its spooled upload is still on disk. The next start removes it, and nothing else.
func TestLeftOverSpoolFileIsRemovedOnStart(t *testing.T) {
	cfg := testConfig(t)
	dir := cfg.SpoolDir
	left := filepath.Join(dir, "placesafe-import-4242")
	archive := filepath.Join(dir, "placesafe-archive-77")
	other := filepath.Join(dir, "notes.txt")
	for _, p := range []string{left, archive, other} {
		if err := os.WriteFile(p, []byte("source_ref,occurred_at\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	start(t, &Main{Config: cfg, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, 0)
	for _, p := range []string{left, archive} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("left-over %s still there after start (stat: %v)", filepath.Base(p), err)
		}
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("a file that is not an upload was removed: %v", err)
	}
}
