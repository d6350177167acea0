package inspection

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/versioned"
)

const frameworkColumns = `key, version, title, inspectorates, inspectorates_note, min_age, max_age, care_leaver_max_age, age_note,
	notification_day, written_statement_days, written_statement_basis, created_at,
	(SELECT count(*) FROM framework_lines l WHERE l.framework = f.key AND l.version = f.version)`

func scanFramework(r pgx.CollectableRow) (*Framework, error) {
	f := &Framework{}
	err := r.Scan(&f.Key, &f.Version, &f.Title, &f.Inspectorates, &f.InspectoratesNote, &f.MinAge, &f.MaxAge, &f.CareLeaverMaxAge,
		&f.AgeNote, &f.NotificationDay, &f.WrittenStatementDays, &f.WrittenStatementBasis, &f.CreatedAt, &f.LineCount)
	return f, err
}

// frameworks lists the current version of every framework: the shipped five in the
// inspectorates' order, then those an admin added, by key.
func frameworks(ctx context.Context, q versioned.Querier) ([]*Framework, error) {
	list, err := collect(ctx, q, "list frameworks", scanFramework,
		`SELECT DISTINCT ON (key) `+frameworkColumns+` FROM frameworks f ORDER BY key, version DESC`)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(list, func(a, b *Framework) int { return shippedOrder(a.Key) - shippedOrder(b.Key) })
	return list, nil
}

// shippedOrder puts the five shipped frameworks in the order the inspectorates number them,
// and any added by an admin after them.
func shippedOrder(key string) int {
	i := slices.Index([]string{EarlyHelp, CriminalExploitation, FrontDoor, SeriousYouthViolence, DomesticAbuse}, key)
	if i < 0 {
		return 100
	}
	return i
}

// framework returns a framework at version (0: its current version) with its lines.
func framework(ctx context.Context, q versioned.Querier, key string, version int) (*Framework, error) {
	rows, err := q.Query(ctx, `SELECT `+frameworkColumns+` FROM frameworks f WHERE key = $1 AND ($2 = 0 OR version = $2)
		ORDER BY version DESC LIMIT 1`, key, version)
	if err != nil {
		return nil, fmt.Errorf("load framework %s: %w", key, err)
	}
	f, err := pgx.CollectExactlyOneRow(rows, scanFramework)
	if errors.Is(err, pgx.ErrNoRows) {
		if version != 0 {
			return nil, apperr.Errorf(apperr.NotFound, "framework %q has no version %d", key, version)
		}
		keys, err := frameworkKeys(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("list frameworks: %w", err)
		}
		return nil, apperr.Errorf(apperr.NotFound, "no framework %q; the frameworks are %s", key, strings.Join(keys, ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("load framework %s: %w", key, err)
	}
	if f.Lines, err = frameworkLines(ctx, q, f.Key, f.Version); err != nil {
		return nil, err
	}
	return f, nil
}

// frameworkOf returns a framework's current version with its lines (404 when there is none).
func frameworkOf(ctx context.Context, q versioned.Querier, key string) (*Framework, error) {
	return framework(ctx, q, key, 0)
}

func frameworkLines(ctx context.Context, q versioned.Querier, key string, version int) ([]Line, error) {
	return collect(ctx, q, fmt.Sprintf("load lines of %s version %d", key, version), pgx.RowToStructByPos[Line],
		`SELECT key, framework, strand, title, text FROM framework_lines WHERE framework = $1 AND version = $2 ORDER BY position`, key, version)
}

func frameworkKeys(ctx context.Context, q versioned.Querier) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT DISTINCT key FROM frameworks ORDER BY key`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// Frameworks returns the current version of every framework.
func (s *Store) Frameworks(ctx context.Context) ([]*Framework, error) { return frameworks(ctx, s.pool) }

// Framework returns a framework at version (0: the current one) with its lines and the numbers
// of all its versions.
func (s *Store) Framework(ctx context.Context, key string, version int) (*Framework, []int, error) {
	f, err := framework(ctx, s.pool, key, version)
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT version FROM frameworks WHERE key = $1 ORDER BY version`, key)
	if err != nil {
		return nil, nil, fmt.Errorf("list versions of %s: %w", key, err)
	}
	versions, err := pgx.CollectRows(rows, pgx.RowTo[int])
	return f, versions, err
}

// FrameworkInput is the body of PUT /api/v1/frameworks/{key}: a new version of a framework
// (or the first of a new one), whole.
type FrameworkInput struct {
	FrameworkScope
	WrittenStatementDays  int    `json:"written_statement_days"`
	WrittenStatementBasis string `json:"written_statement_basis"`
	Lines                 []Line `json:"lines"`
}

func (in FrameworkInput) check(key string) error {
	if !itemKey.MatchString(key) {
		return apperr.Errorf(apperr.Unprocessable, "framework key %q: want lower-case letters, digits and underscores, starting with a letter", key)
	}
	if err := checkText("title", in.Title, 300, true, false); err != nil {
		return err
	}
	if len(in.Inspectorates) == 0 {
		return apperr.Errorf(apperr.Unprocessable, "inspectorates: name at least one")
	}
	for _, i := range in.Inspectorates {
		if !validInspectorate(i) {
			return apperr.Errorf(apperr.Unprocessable, "inspectorate %q: want ofsted, cqc, hmicfrs or hmip", i)
		}
	}
	switch {
	case in.MinAge < 0 || in.MaxAge > 17 || in.MinAge > in.MaxAge:
		return apperr.Errorf(apperr.Unprocessable, "ages %d to %d: want children, 0 to 17", in.MinAge, in.MaxAge)
	case in.CareLeaverMaxAge != 0 && (in.CareLeaverMaxAge < 18 || in.CareLeaverMaxAge > 25):
		return apperr.Errorf(apperr.Unprocessable, "care_leaver_max_age %d: want 0 (none) or 18 to 25", in.CareLeaverMaxAge)
	case in.WrittenStatementDays < 1 || in.WrittenStatementDays > 260:
		return apperr.Errorf(apperr.Unprocessable, "written_statement_days %d: want 1 to 260 working days", in.WrittenStatementDays)
	}
	for field, v := range map[string]string{"inspectorates_note": in.InspectoratesNote, "age_note": in.AgeNote, "written_statement_basis": in.WrittenStatementBasis} {
		if err := checkText(field, v, 2000, false, true); err != nil {
			return err
		}
	}
	if len(in.Lines) == 0 || len(in.Lines) > 100 {
		return apperr.Errorf(apperr.Unprocessable, "lines: want 1 to 100 lines of enquiry, not %d", len(in.Lines))
	}
	seen := map[string]bool{}
	for i, l := range in.Lines {
		at := fmt.Sprintf("lines[%d]", i)
		if !itemKey.MatchString(l.Key) || seen[l.Key] {
			return apperr.Errorf(apperr.Unprocessable, "%s.key %q: want a unique key of lower-case letters, digits and underscores", at, l.Key)
		}
		seen[l.Key] = true
		if err := oneOf(at+".strand", &l.Strand, Strands); err != nil {
			return err
		}
		if err := checkText(at+".title", l.Title, 200, true, false); err != nil {
			return err
		}
		if err := checkText(at+".text", l.Text, 2000, true, true); err != nil {
			return err
		}
	}
	return nil
}

// SetFramework records a new version of framework key (version 1 of a new framework) with its
// lines. Inspections keep the version they were recorded under; new ones take this one.
func (s *Store) SetFramework(ctx context.Context, key string, in FrameworkInput) (*Framework, error) {
	if in.WrittenStatementDays == 0 {
		in.WrittenStatementDays = 70
	}
	if err := in.check(key); err != nil {
		return nil, err
	}
	return inTx(ctx, s.pool, fmt.Sprintf("set framework %s", key), func(tx pgx.Tx) (*Framework, error) {
		// One new version at a time per framework.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('framework:' || $1))`, key); err != nil {
			return nil, err
		}
		var version int
		if err := tx.QueryRow(ctx, `SELECT COALESCE(max(version), 0) + 1 FROM frameworks WHERE key = $1`, key).Scan(&version); err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO frameworks (key, version, title, inspectorates, inspectorates_note, min_age, max_age,
			care_leaver_max_age, age_note, written_statement_days, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			key, version, strings.TrimSpace(in.Title), in.Inspectorates, in.InspectoratesNote, in.MinAge, in.MaxAge, in.CareLeaverMaxAge,
			in.AgeNote, in.WrittenStatementDays, actor(ctx)); err != nil {
			return nil, err
		}
		// Without a basis of its own, the version keeps the schema's default basis.
		if in.WrittenStatementBasis != "" {
			if _, err := tx.Exec(ctx, `UPDATE frameworks SET written_statement_basis = $3 WHERE key = $1 AND version = $2`,
				key, version, in.WrittenStatementBasis); err != nil {
				return nil, err
			}
		}
		for i, l := range in.Lines {
			if _, err := tx.Exec(ctx, `INSERT INTO framework_lines (framework, version, key, position, strand, title, text)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, key, version, l.Key, i+1, l.Strand, strings.TrimSpace(l.Title), l.Text); err != nil {
				return nil, err
			}
		}
		return recordedRows(ctx, tx, "framework.set", "frameworks/"+key, map[string]any{"version": version, "lines": len(in.Lines)}, int64(len(in.Lines)),
			func() (*Framework, error) { return framework(ctx, tx, key, version) })
	})
}
