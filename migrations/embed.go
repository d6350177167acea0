// Package migrations holds the database schema as numbered plain SQL files, embedded in the
// binary so that the service can bring a fresh database up to date on start.
package migrations

import "embed"

// FS holds every migration file; goose applies them in the order of their numbers.
//
// There is no 00003 and no 00017: those numbers were never used. Goose needs the numbers only
// to increase, so the gaps are harmless, and the files are not renumbered because every
// database records the numbers it has applied.
//
//go:embed *.sql
var FS embed.FS
