// Command placesafe runs the placesafe service and its administrative tasks.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

const usage = `placesafe: place-based evidence for the serious youth violence strand of a JTAI.

Usage:
  placesafe serve [--addr A] [--demo]        run the service (--demo loads the demo borough into an empty database)
  placesafe migrate                          create the database if missing and apply migrations
  placesafe import incidents|activity --format placesafe|policeuk|geojson [--scope syv|all] FILE
                                             import a file (policeuk: one CSV or a police.uk ZIP archive)
  placesafe area set [--name N] FILE         set the study area from a GeoJSON boundary
  placesafe user add --email E --role R      add a user; the password is read from standard input
  placesafe token create --email E [--name N]  create an API token; prints only the token
  placesafe demo write DIR                   write the demo borough's files (boundary, incidents, activity)
  placesafe export evidence-pack --inspection ID --email E [--out FILE]
                                             build an inspection's evidence pack as that user's role; writes the ZIP

Configuration comes from the environment (see README): DATABASE_URL, PLACESAFE_ADDR, ...
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	var ue *usageError
	switch {
	case err == nil:
	case errors.As(err, &ue):
		fmt.Fprintf(os.Stderr, "placesafe: %v\n\n%s", err, usage)
		os.Exit(2)
	default:
		fmt.Fprintf(os.Stderr, "placesafe: %v\n", err)
		os.Exit(1)
	}
}

type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// twoWords are the commands that take a second word, with the command line each wants.
var twoWords = map[string]struct{ second, usage string }{
	"area":   {"set", "area set FILE"},
	"user":   {"add", "user add --email E --role R"},
	"token":  {"create", "token create --email E"},
	"demo":   {"write", "demo write DIR"},
	"export": {"evidence-pack", "export evidence-pack --inspection ID --email E [--out FILE]"},
}

// run dispatches a command line; tests call it directly.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("no command given")
	}
	if w, ok := twoWords[args[0]]; ok && (len(args) < 2 || args[1] != w.second) {
		return usagef("%s: want `%s`", args[0], w.usage)
	}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], stderr)
	case "migrate":
		return cmdMigrate(ctx, args[1:], stderr)
	case "import":
		return cmdImport(ctx, args[1:], stdout, stderr)
	case "area":
		return cmdAreaSet(ctx, args[2:], stdout, stderr)
	case "user":
		return cmdUserAdd(ctx, args[2:], stdin, stdout, stderr)
	case "token":
		return cmdTokenCreate(ctx, args[2:], stdout, stderr)
	case "demo":
		return cmdDemoWrite(args[2:])
	case "export":
		return cmdExportEvidencePack(ctx, args[2:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usagef("unknown command %q", args[0])
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level)) // config.Validate refused any other level; "" logs at info
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}
