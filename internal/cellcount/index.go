package cellcount

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/uber/h3-go/v4"
)

// Index is incident_cells in memory, as columns sorted by day, so that a map request sums
// a day range of it without a round trip through SQL. It follows the table: each request
// reads the data version, and a changed version loads the imports that landed and drops those
// withdrawn since (a snapshot read in one transaction), so that its answers equal the
// table's at that version.
type Index struct {
	pool *pgxpool.Pool
	log  *slog.Logger

	mu  sync.Mutex // one refresh at a time
	cur atomic.Pointer[Snapshot]

	// Pace, when set, is called before each block of a scan; tests slow scans with it.
	Pace func(context.Context)

	stopped atomic.Int64
	scanned atomic.Int64
}

// NewIndex returns an empty index of pool's incident_cells; it loads on first use (or Load).
func NewIndex(pool *pgxpool.Pool, log *slog.Logger) *Index {
	return &Index{pool: pool, log: log}
}

// Stopped is how many scans stopped early because their request's context ended.
func (x *Index) Stopped() int64 { return x.stopped.Load() }

// Scanned is how many summed rows scans have read.
func (x *Index) Scanned() int64 { return x.scanned.Load() }

// Rows is the number of summed rows the index holds now.
func (x *Index) Rows() int {
	if s := x.cur.Load(); s != nil {
		return s.Rows()
	}
	return 0
}

// Load brings the index up to the database's current data version and returns it.
func (x *Index) Load(ctx context.Context) (*Snapshot, error) {
	version, err := DataVersion(ctx, x.pool)
	if err != nil {
		return nil, err
	}
	return x.At(ctx, version)
}

// At returns the index at data version, just read from the database, refreshing it when it
// is older.
func (x *Index) At(ctx context.Context, version string) (*Snapshot, error) {
	if s := x.cur.Load(); s != nil && s.Version == version {
		return s, nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if s := x.cur.Load(); s != nil && s.Version == version {
		return s, nil
	}
	// The refresh outlives a request that gives up: the next one would need it too.
	s, err := x.refresh(context.WithoutCancel(ctx))
	if err != nil {
		return nil, err
	}
	x.cur.Store(s)
	return s, nil
}

// refresh reads the version, the landed imports and the new imports' sums in one snapshot.
func (x *Index) refresh(ctx context.Context) (*Snapshot, error) {
	started := time.Now()
	old := x.cur.Load()
	if old == nil {
		old = emptySnapshot()
	}
	var next *Snapshot
	err := pgx.BeginTxFunc(ctx, x.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		version, err := DataVersion(ctx, tx)
		if err != nil {
			return err
		}
		if placement(version) != placement(old.Version) {
			// Local areas changed and records moved between them, in imports that did not
			// change: the rows are read again, each with its area as it is now.
			old = emptySnapshot()
		}
		rows, err := tx.Query(ctx, `SELECT id FROM imports WHERE kind = 'incidents' AND status = 'done'`)
		if err != nil {
			return fmt.Errorf("landed imports: %w", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("landed imports: %w", err)
		}
		landed := map[int64]bool{}
		var added []int64
		for _, id := range ids {
			landed[id] = true
			if !old.imports[id] {
				added = append(added, id)
			}
		}
		b := newBuilder(old)
		for id := range old.imports {
			if !landed[id] {
				b.drop[id] = true
			}
		}
		if len(added) > 0 {
			if err := b.load(ctx, tx, added); err != nil {
				return err
			}
		}
		next = b.build(version, landed)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("refresh cell index: %w", err)
	}
	if x.log != nil && (len(next.day) != len(old.day) || !maps.Equal(next.imports, old.imports)) {
		x.log.Info("cell index refreshed", "rows", len(next.day), "cells", len(next.cells), "imports", len(next.imports),
			"duration_ms", time.Since(started).Milliseconds())
	}
	return next, nil
}

// Snapshot is the index at one data version. It is never changed once built.
type Snapshot struct {
	Version string
	imports map[int64]bool

	day  []int32 // days since 1970-01-01, ascending
	cell []uint32
	key  [][]uint8 // per loaded column: the value's code in dict
	n    []int32
	harm []float64
	imp  []uint32 // the import's position in impIDs

	impIDs []int64
	cells  []h3.Cell // resolution-Res cells by id
	cellID map[h3.Cell]uint32
	dict   []dict // per loaded column
	// cellArea is, per cell, the code of the one local area all its rows are of, or mixedArea
	// when they are of several (a cell on a boundary).
	cellArea []int16

	// months holds, for each calendar month with enough rows to be worth it, the month's count
	// and harm per cell: a request spanning whole months adds these instead of every row.
	months map[int32]*monthBlock // by the month's first day

	mu      sync.Mutex
	targets map[targetKey]any        // per-request cell maps (see Cached)
	scopes  map[string]*scopedMonths // dense totals per age rule (see dense)
}

// totals is one month's count and harm per cell, and the count of the records without age.
type totals struct {
	count []int32
	harm  []float64
	noAge []int32
}

type monthBlock struct {
	totals
	// mixed lists the month's row positions in cells of several local areas: atoms split by
	// area take the other cells from the dense totals and read only these rows.
	mixed []int32
	// byKey0 lists the month's row positions by their first key's code (the category), and
	// key0End[c] is where code c's end: a category filter reads only its categories' rows.
	byKey0  []int32
	key0End [257]int32
}

// mixedArea marks a cell whose rows are of more than one local area; noArea one without rows.
const (
	mixedArea = -1
	noArea    = -2
)

// addCellAreas notes each cell's one local area, or that it has several.
func (s *Snapshot) addCellAreas() {
	s.cellArea = make([]int16, len(s.cells))
	for c := range s.cellArea {
		s.cellArea[c] = noArea
	}
	for i, c := range s.cell {
		switch a := int16(s.key[areaCol][i]); s.cellArea[c] {
		case noArea:
			s.cellArea[c] = a
		case a, mixedArea:
		default:
			s.cellArea[c] = mixedArea
		}
	}
}

// DenseMonths is how many months have dense per-cell totals.
func (s *Snapshot) DenseMonths() int { return len(s.months) }

// block is the dense totals of the month starting on day first, or nil.
func (s *Snapshot) block(first int32) *monthBlock { return s.months[first] }

// addMonths builds the dense month totals of every month whose rows number at least an eighth
// of the cells (below that, reading the rows costs less than adding a dense array).
func (s *Snapshot) addMonths() {
	s.months = map[int32]*monthBlock{}
	for lo := 0; lo < len(s.day); {
		first, end := monthOf(s.day[lo])
		hi := lo
		for hi < len(s.day) && s.day[hi] < end {
			hi++
		}
		if hi-lo >= len(s.cells)/8 {
			blk := &monthBlock{totals: totals{count: make([]int32, len(s.cells)), harm: make([]float64, len(s.cells))}}
			for i := lo; i < hi; i++ {
				blk.count[s.cell[i]] += s.n[i]
				blk.harm[s.cell[i]] += s.harm[i]
				blk.key0End[int(s.key[0][i])+1]++
			}
			for c := 1; c < len(blk.key0End); c++ {
				blk.key0End[c] += blk.key0End[c-1]
			}
			next := blk.key0End
			blk.byKey0 = make([]int32, hi-lo)
			for i := lo; i < hi; i++ {
				c := s.key[0][i]
				blk.byKey0[next[c]] = int32(i)
				next[c]++
			}
			copy(blk.key0End[:], blk.key0End[1:]) // key0End[c] = end of code c
			for i := lo; i < hi; i++ {
				if s.cellArea[s.cell[i]] == mixedArea {
					blk.mixed = append(blk.mixed, int32(i))
				}
			}
			s.months[first] = blk
		}
		lo = hi
	}
}

// codes is how many distinct values one loaded column holds: each row keeps its value's code
// in a uint8.
const codes = 1 << 8

// MaxLocalAreas is the most local areas a deployment holds: the index keeps each row's local
// area as a code of one loaded column (see areaCol), and records outside every area take one
// more, for NULL.
const MaxLocalAreas = codes - 1

type dict struct {
	values []*string // nil is SQL NULL
	code   map[string]uint8
	null   int // code of NULL, or -1
}

func (d *dict) codeOf(v []byte) (uint8, error) {
	if v == nil {
		if d.null < 0 {
			if len(d.values) == codes {
				return 0, fmt.Errorf("more than %d distinct values in one column", codes)
			}
			d.null = len(d.values)
			d.values = append(d.values, nil)
		}
		return uint8(d.null), nil
	}
	if c, ok := d.code[string(v)]; ok {
		return c, nil
	}
	if len(d.values) == codes {
		return 0, fmt.Errorf("more than %d distinct values in one column", codes)
	}
	s := string(v)
	c := uint8(len(d.values))
	d.values = append(d.values, &s)
	d.code[s] = c
	return c, nil
}

func emptySnapshot() *Snapshot {
	s := &Snapshot{imports: map[int64]bool{}, key: make([][]uint8, len(loaded)), cellID: map[h3.Cell]uint32{}, dict: make([]dict, len(loaded))}
	for i := range s.dict {
		s.dict[i] = dict{code: map[string]uint8{}, null: -1}
	}
	return s
}

// Rows is the number of summed rows held.
func (s *Snapshot) Rows() int { return len(s.day) }

// Epoch is day 0 of the index's days.
var Epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// DayOf is the index day of London date t (its year, month and day).
func DayOf(t time.Time) int32 {
	return int32(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Sub(Epoch).Hours() / 24)
}
