package inspection

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/versioned"
)

// Template is a framework's Annex A item list.
type Template struct {
	Framework string         `json:"framework"`
	Items     []TemplateItem `json:"items"`
	// Default is true while the framework uses placesafe's seeded list (no admin has edited it).
	Default   bool       `json:"default"`
	UpdatedAt *time.Time `json:"updated_at"`
}

// Template returns the framework's Annex A template: the admin's edited list, or the default.
func (s *Store) Template(ctx context.Context, framework string) (*Template, error) {
	if _, err := frameworkOf(ctx, s.pool, framework); err != nil {
		return nil, err
	}
	return template(ctx, s.pool, framework)
}

func template(ctx context.Context, q versioned.Querier, framework string) (*Template, error) {
	type row struct {
		TemplateItem
		UpdatedAt time.Time
	}
	rows, err := collect(ctx, q, fmt.Sprintf("load Annex A template %s", framework), func(r pgx.CollectableRow) (row, error) {
		var it row
		err := r.Scan(&it.Key, &it.Title, &it.Description, &it.OwnerAgency, &it.Due.Unit, &it.Due.Amount, &it.FillsFrom, &it.Lines, &it.UpdatedAt)
		it.Lines = orEmpty(it.Lines)
		return it, err
	}, `SELECT key, title, description, owner_agency, due_unit, due_amount, fills_from, line_keys, updated_at
		FROM annex_a_templates WHERE framework = $1 ORDER BY position`, framework)
	if err != nil {
		return nil, err
	}
	t := &Template{Framework: framework}
	for _, it := range rows {
		if t.UpdatedAt == nil || it.UpdatedAt.After(*t.UpdatedAt) {
			t.UpdatedAt = &it.UpdatedAt
		}
		t.Items = append(t.Items, it.TemplateItem)
	}
	if len(t.Items) == 0 {
		t.Items, t.Default = DefaultTemplate(framework), true
	}
	return t, nil
}

var itemKey = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

// validateTemplate checks a framework's Annex A items: unique keys of lower-case letters,
// digits and underscores, a title, a known owner agency, a due time in working days (0–60) or
// hours (0–480), a known places-and-spaces source and lines of the framework (lines).
func validateTemplate(framework string, lines []Line, items []TemplateItem) error {
	if len(items) == 0 {
		return apperr.Errorf(apperr.Unprocessable, "an Annex A template needs at least one item")
	}
	if len(items) > 200 {
		return apperr.Errorf(apperr.Unprocessable, "an Annex A template holds at most 200 items, not %d", len(items))
	}
	seen := map[string]bool{}
	for i, it := range items {
		at := fmt.Sprintf("items[%d]", i)
		if !itemKey.MatchString(it.Key) {
			return apperr.Errorf(apperr.Unprocessable, "%s.key %q: want lower-case letters, digits and underscores, starting with a letter, at most 64", at, it.Key)
		}
		if seen[it.Key] {
			return apperr.Errorf(apperr.Unprocessable, "%s.key %q is used twice", at, it.Key)
		}
		seen[it.Key] = true
		if err := checkText(at+".title", it.Title, 200, true, false); err != nil {
			return err
		}
		if err := checkText(at+".description", it.Description, 2000, false, true); err != nil {
			return err
		}
		if err := checkAgency(at+".owner_agency", it.OwnerAgency); err != nil {
			return err
		}
		switch {
		case it.Due.Unit == DueWorkingDays && it.Due.Amount >= 0 && it.Due.Amount <= 60:
		case it.Due.Unit == DueHours && it.Due.Amount >= 0 && it.Due.Amount <= 480:
		default:
			return apperr.Errorf(apperr.Unprocessable, "%s.due {%q, %d}: want unit working_days (0–60) or hours (0–480)", at, it.Due.Unit, it.Due.Amount)
		}
		if it.FillsFrom != "" && !slices.Contains(fillSources, it.FillsFrom) {
			return apperr.Errorf(apperr.Unprocessable, "%s.fills_from %q: want \"\" or one of %s", at, it.FillsFrom, strings.Join(fillSources, ", "))
		}
		if err := checkLines(framework, lines, it.Lines); err != nil {
			return err
		}
	}
	return nil
}

// SetTemplate replaces a framework's Annex A template. Inspections already created keep the
// checklist they were given; new ones copy this list.
func (s *Store) SetTemplate(ctx context.Context, framework string, items []TemplateItem) (*Template, error) {
	f, err := frameworkOf(ctx, s.pool, framework)
	if err != nil {
		return nil, err
	}
	if err := validateTemplate(framework, f.Lines, items); err != nil {
		return nil, err
	}
	return inTx(ctx, s.pool, fmt.Sprintf("set Annex A template %s", framework), func(tx pgx.Tx) (*Template, error) {
		if _, err := tx.Exec(ctx, `DELETE FROM annex_a_templates WHERE framework = $1`, framework); err != nil {
			return nil, err
		}
		keys := make([]string, len(items))
		for i, it := range items {
			if _, err := tx.Exec(ctx, `INSERT INTO annex_a_templates (framework, key, position, title, description, owner_agency,
				due_unit, due_amount, fills_from, line_keys, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
				framework, it.Key, i+1, strings.TrimSpace(it.Title), it.Description, it.OwnerAgency, it.Due.Unit, it.Due.Amount,
				it.FillsFrom, orEmpty(it.Lines), actor(ctx)); err != nil {
				return nil, err
			}
			keys[i] = it.Key
		}
		return recordedRows(ctx, tx, "annex_a_template.set", "annex-a-templates/"+framework, map[string]any{"keys": keys}, int64(len(items)),
			func() (*Template, error) { return template(ctx, tx, framework) })
	})
}

// copyTemplate gives a new inspection its framework's Annex A checklist.
func copyTemplate(ctx context.Context, tx pgx.Tx, inspectionID int64, framework string) (int, error) {
	t, err := template(ctx, tx, framework)
	if err != nil {
		return 0, err
	}
	for i, it := range t.Items {
		if _, err := tx.Exec(ctx, `INSERT INTO annex_a_items (inspection_id, key, position, title, description, owner_agency,
			due_unit, due_amount, fills_from, line_keys, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			inspectionID, it.Key, i+1, it.Title, it.Description, it.OwnerAgency, it.Due.Unit, it.Due.Amount, it.FillsFrom,
			orEmpty(it.Lines), actor(ctx)); err != nil {
			return 0, fmt.Errorf("copy Annex A item %s: %w", it.Key, err)
		}
	}
	return len(t.Items), nil
}
