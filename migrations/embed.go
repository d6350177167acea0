// Package migrations holds the database schema as numbered plain SQL files, embedded in the
// binary so that the service can bring a fresh database up to date on start.
package migrations

import "embed"

// FS holds every migration file; goose applies them in the order of their numbers.
//
//go:embed *.sql
var FS embed.FS
