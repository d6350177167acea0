package cellcount

import (
	"context"
)

// Resum sums imports ids' records into incident_cells again, replacing their sums; call it in
// the transaction that moved records of theirs to other local areas. Other imports' sums are
// untouched.
func Resum(ctx context.Context, tx Querier, ids []int64) error {
	for _, id := range ids {
		if err := Remove(ctx, tx, id); err != nil {
			return err
		}
		if err := Add(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}
