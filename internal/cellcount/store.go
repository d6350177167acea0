// Package cellcount holds incidents pre-summed per import, resolution-10 cell, London day and
// every column a map filter names (table incident_cells), kept exact in the transaction that
// lands or withdraws an import, and an in-memory index of that table that map requests sum.
// PostgreSQL stays the record: the index is rebuilt from the table on start and follows it.
package cellcount

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/placesafe/placesafe/geo"
)

// Res is the resolution of the summed cells: requests at Res or coarser are answered from
// the sums; finer ones read the records.
const Res = 10

// Keys are the incident columns the sums are kept by, besides cell and day. A filter on any
// other column reads the records. To key by one more column: add it to incident_cells in a
// migration (filled from incidents), and here.
var Keys = []string{"category", "victim_age_band", "suspect_age_band", "setting", "involvement"}

// Querier runs SQL: a pool, a connection or a transaction.
type Querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// ParentSQL is the SQL expression for the resolution-res parent of a stored resolution-15 cell
// in column col. An H3 index keeps its resolution in bits 52–55 and one 3-bit digit per
// resolution below; a parent has the resolution set and every finer digit set to 7 (as
// h3's cellToParent does), which on a bigint is two bit operations — so PostgreSQL groups
// millions of records by cell without a call into H3.
func ParentSQL(col string, res int) string {
	clear := ^(int64(15) << 52)
	set := int64(res)<<52 | (int64(1)<<(3*(geo.StorageRes-res)) - 1)
	return fmt.Sprintf("((%s & %d) | %d)", col, clear, set)
}

// loaded are the columns the index reads besides import, cell, day, count and harm: the keys,
// then each row's local area as text (NULL for records of no area), which requests of some
// local areas filter by and protected atoms are split by.
var loaded = append(append([]string(nil), Keys...), "local_area_id::text")

// areaCol is the local area's place in loaded.
var areaCol = len(Keys)

// summed are the columns incident_cells groups records by besides import, cell and day: the
// keys and the local area each record belongs to.
var summed = append([]string{"local_area_id"}, Keys...)

// summarySQL groups the records chosen by where as incident_cells rows.
func summarySQL(where string) string {
	keys := strings.Join(summed, ", ")
	groups := make([]string, 0, len(summed)+3)
	for i := range len(summed) + 3 {
		groups = append(groups, fmt.Sprint(i+1))
	}
	return fmt.Sprintf(`SELECT import_id, %s, (occurred_at AT TIME ZONE 'Europe/London')::date, %s, count(*), sum(harm_weight)
		FROM incidents WHERE %s GROUP BY %s`, ParentSQL("h3_cell", Res), keys, where, strings.Join(groups, ", "))
}

// Add sums import id's records into incident_cells; call it in the transaction that moved them.
func Add(ctx context.Context, tx Querier, id int64) error {
	_, err := tx.Exec(ctx, fmt.Sprintf(`INSERT INTO incident_cells (import_id, cell, day, %s, n, harm) %s`,
		strings.Join(summed, ", "), summarySQL("import_id = $1")), id)
	if err != nil {
		return fmt.Errorf("sum import %d into cells: %w", id, err)
	}
	return nil
}

// Remove deletes import id's sums; call it in the transaction that withdraws its records.
func Remove(ctx context.Context, tx Querier, id int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM incident_cells WHERE import_id = $1`, id); err != nil {
		return fmt.Errorf("remove import %d from cells: %w", id, err)
	}
	return nil
}

// Mismatches counts the groups where incident_cells differs from a recount of the records
// (zero when the sums are exact), for tests and checks.
func Mismatches(ctx context.Context, q Querier) (int64, error) {
	keys := strings.Join(summed, ", ")
	var n int64
	// Harm sums are compared to six decimals: a sum of the same weights in another order
	// may differ in its last bits.
	cols := "import_id, cell, day, " + keys + ", n, round(harm::numeric, 6)"
	err := q.QueryRow(ctx, fmt.Sprintf(`WITH recount (import_id, cell, day, %[2]s, n, harm) AS (%[1]s)
		SELECT count(*) FROM (
			(SELECT %[3]s FROM recount EXCEPT ALL SELECT %[3]s FROM incident_cells)
			UNION ALL
			(SELECT %[3]s FROM incident_cells EXCEPT ALL SELECT %[3]s FROM recount)) d`, summarySQL("true"), keys, cols)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("recount cells: %w", err)
	}
	return n, nil
}

// DataVersion identifies the records as they are now: it changes whenever an import of any
// kind lands or is withdrawn, or a change of the local areas places records anew (an area
// added, redrawn or removed), in this process or any other. A new name or ONS code of an area
// moves no record, and leaves it as it was.
func DataVersion(ctx context.Context, q Querier) (string, error) {
	var id, done int64
	var withdrawn, placed *time.Time
	err := q.QueryRow(ctx, `SELECT coalesce(max(id) FILTER (WHERE status = 'done'), 0),
		count(*) FILTER (WHERE status = 'done'), max(withdrawn_at), (SELECT max(placed_at) FROM local_areas) FROM imports`).
		Scan(&id, &done, &withdrawn, &placed)
	if err != nil {
		return "", fmt.Errorf("data version: %w", err)
	}
	v := fmt.Sprintf("%d/%d", id, done)
	if withdrawn != nil {
		v += "/" + withdrawn.Format(time.RFC3339Nano)
	}
	if placed != nil {
		v += placedTag + placed.Format(time.RFC3339Nano)
	}
	return v, nil
}

// placedTag introduces, in a data version, the time the records were last placed in the local
// areas anew.
const placedTag = "/placed "

// placement is the time in version at which the records were last placed in local areas.
func placement(version string) string {
	_, p, _ := strings.Cut(version, placedTag)
	return p
}
