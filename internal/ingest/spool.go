package ingest

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/placesafe/placesafe/internal/apperr"
)

// spoolPattern names spooled uploads. CleanSpool removes only files named by spoolPatterns:
// these uploads, and police.uk archives held while they are imported.
const spoolPattern = "placesafe-import-*"

var spoolPatterns = []string{spoolPattern, "placesafe-archive-*"}

// spoolUpload copies an upload to a file in dir so that the request can be answered at once;
// the background import removes it when done.
func spoolUpload(dir string, body io.Reader) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("spool upload: %w", err)
	}
	f, err := os.CreateTemp(dir, spoolPattern)
	if err != nil {
		return "", fmt.Errorf("spool upload: %w", err)
	}
	_, err = io.Copy(f, body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name()) // the copy's own error is the one to report
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return "", apperr.Errorf(apperr.TooLarge, "the file is larger than the %d-byte limit", tooBig.Limit)
		}
		return "", fmt.Errorf("spool upload: %w", err)
	}
	return f.Name(), nil
}

// CleanSpool creates the spool directory if need be and removes the uploads left in it by a
// process that stopped before importing them (their imports are marked failed at start). It
// returns how many it removed.
func CleanSpool(dir string) (int, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return 0, fmt.Errorf("create spool directory: %w", err)
	}
	var left []string
	for _, pattern := range spoolPatterns {
		matches, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			return 0, fmt.Errorf("list spool directory: %w", err)
		}
		left = append(left, matches...)
	}
	n := 0
	for _, path := range left {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return n, fmt.Errorf("remove left-over upload: %w", err)
		}
		n++
	}
	return n, nil
}
