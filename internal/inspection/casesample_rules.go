package inspection

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
)

// checkAge refuses an age outside the framework's scope: children from its minimum age to 17,
// and care leavers up to the age its lines name them.
func (h inspectionHead) checkAge(age int, careLeaver bool) error {
	f := h.ages
	switch {
	case careLeaver && f.CareLeaverMaxAge == 0:
		return apperr.Errorf(apperr.Unprocessable, "care_leaver: the %s framework's lines do not name care leavers", h.Framework)
	case careLeaver && (age < 16 || age > f.CareLeaverMaxAge):
		return apperr.Errorf(apperr.Unprocessable, "age_at_notification %d: the %s framework concerns care leavers aged 16 to %d",
			age, h.Framework, f.CareLeaverMaxAge)
	case !careLeaver && (age < f.MinAge || age > f.MaxAge):
		more := ""
		if f.CareLeaverMaxAge > 0 && age > f.MaxAge && age <= f.CareLeaverMaxAge {
			more = fmt.Sprintf(", and care leavers up to %d (set care_leaver)", f.CareLeaverMaxAge)
		}
		return apperr.Errorf(apperr.Unprocessable, "age_at_notification %d: the %s framework concerns children aged %d to %d%s",
			age, h.Framework, f.MinAge, f.MaxAge, more)
	}
	return nil
}

func checkAgencies(agencies []string) error {
	if len(agencies) == 0 {
		return apperr.Errorf(apperr.Unprocessable, "agencies: name at least one agency involved with the child")
	}
	if len(agencies) > maxAgencies {
		return apperr.Errorf(apperr.Unprocessable, "agencies: at most %d", maxAgencies)
	}
	for i, a := range agencies {
		if err := checkAgency("agencies", a); err != nil {
			return err
		}
		if slices.Contains(agencies[:i], a) {
			return apperr.Errorf(apperr.Unprocessable, "agencies: %q is given twice", a)
		}
	}
	return nil
}

// selectedRefs returns the references of the children already selected for audit.
func selectedRefs(ctx context.Context, tx pgx.Tx, inspectionID int64) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT reference FROM case_sample WHERE inspection_id = $1 AND selected_for_audit ORDER BY reference`, inspectionID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// involved refuses agency's audit of a case unless the agency is among those involved in it;
// in says where ("with child 3").
func involved(agency string, agencies []string, in string) error {
	if !slices.Contains(agencies, agency) {
		return apperr.Errorf(apperr.Unprocessable, "agency %q is not involved %s (its agencies are %s)", agency, in, strings.Join(agencies, ", "))
	}
	return nil
}

func tooManySelected(refs []string) error {
	return apperr.Errorf(apperr.Unprocessable,
		"at most %d children are selected for audit, and %d already are (%s); deselect one first", MaxAudited, len(refs), strings.Join(refs, ", "))
}
