package cellcount

import (
	"context"
	"fmt"
	"strings"
)

// Resum sums imports ids' records into incident_cells again, replacing their sums; call it in
// the transaction that moved records of theirs to other local areas. Other imports' sums are
// untouched.
func Resum(ctx context.Context, tx Querier, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM incident_cells WHERE import_id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("remove the sums of imports %v: %w", ids, err)
	}
	_, err := tx.Exec(ctx, fmt.Sprintf(`INSERT INTO incident_cells (import_id, cell, day, %s, n, harm) %s`,
		strings.Join(summed, ", "), summarySQL("import_id = ANY($1)")), ids)
	if err != nil {
		return fmt.Errorf("sum imports %v into cells: %w", ids, err)
	}
	return nil
}
