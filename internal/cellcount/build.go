package cellcount

import (
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/uber/h3-go/v4"
)

// builder makes the next snapshot from the last: its rows less the dropped imports', plus the
// loaded ones, sorted by day.
type builder struct {
	old    *Snapshot
	next   *Snapshot
	drop   map[int64]bool
	impPos map[int64]uint32

	// loaded rows, in load order
	day  []int32
	cell []uint32
	key  [][]uint8
	n    []int32
	harm []float64
	imp  []uint32
}

func newBuilder(old *Snapshot) *builder {
	next := &Snapshot{key: make([][]uint8, len(loaded)), impIDs: append([]int64(nil), old.impIDs...),
		cells: append([]h3.Cell(nil), old.cells...), cellID: maps.Clone(old.cellID), dict: make([]dict, len(loaded))}
	for i, d := range old.dict {
		next.dict[i] = dict{values: append([]*string(nil), d.values...), code: maps.Clone(d.code), null: d.null}
	}
	b := &builder{old: old, next: next, drop: map[int64]bool{}, impPos: map[int64]uint32{}, key: make([][]uint8, len(loaded))}
	for i, id := range next.impIDs {
		b.impPos[id] = uint32(i)
	}
	return b
}

// load reads the sums of imports ids. Values are read raw (binary integers and floats, text
// as bytes) to keep millions of rows from costing an allocation each.
func (b *builder) load(ctx context.Context, tx pgx.Tx, ids []int64) error {
	for _, id := range ids {
		if _, ok := b.impPos[id]; !ok {
			b.impPos[id] = uint32(len(b.next.impIDs))
			b.next.impIDs = append(b.next.impIDs, id)
		}
	}
	rows, err := tx.Query(ctx, fmt.Sprintf(`SELECT import_id, cell, (day - DATE '1970-01-01')::int4, n, harm, %s
		FROM incident_cells WHERE import_id = ANY($1)`, strings.Join(loaded, ", ")), ids)
	if err != nil {
		return fmt.Errorf("load cell sums: %w", err)
	}
	defer rows.Close()
	fd := rows.FieldDescriptions()
	var ints [4]int64 // import_id, cell, day, n
	for rows.Next() {
		raw := rows.RawValues()
		for i := range ints {
			if ints[i], err = intValue(raw[i], fd[i].Format); err != nil {
				return err
			}
		}
		imp, cell, day, n := ints[0], ints[1], ints[2], ints[3]
		harm, err := floatValue(raw[4], fd[4].Format)
		if err != nil {
			return err
		}
		for k := range loaded {
			c, err := b.next.dict[k].codeOf(raw[5+k])
			if err != nil {
				return fmt.Errorf("load cell sums: %s: %w", loaded[k], err)
			}
			b.key[k] = append(b.key[k], c)
		}
		id, ok := b.next.cellID[h3.Cell(cell)]
		if !ok {
			id = uint32(len(b.next.cells))
			b.next.cellID[h3.Cell(cell)] = id
			b.next.cells = append(b.next.cells, h3.Cell(cell))
		}
		b.day = append(b.day, int32(day))
		b.cell = append(b.cell, id)
		b.n = append(b.n, int32(n))
		b.harm = append(b.harm, harm)
		b.imp = append(b.imp, b.impPos[imp])
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load cell sums: %w", err)
	}
	return nil
}

func intValue(v []byte, format int16) (int64, error) {
	if format == pgx.BinaryFormatCode {
		switch len(v) {
		case 8:
			return int64(binary.BigEndian.Uint64(v)), nil
		case 4:
			return int64(int32(binary.BigEndian.Uint32(v))), nil
		}
		return 0, fmt.Errorf("load cell sums: an integer of %d bytes", len(v))
	}
	return strconv.ParseInt(string(v), 10, 64)
}

func floatValue(v []byte, format int16) (float64, error) {
	if format == pgx.BinaryFormatCode {
		if len(v) != 8 {
			return 0, fmt.Errorf("load cell sums: a float of %d bytes", len(v))
		}
		return math.Float64frombits(binary.BigEndian.Uint64(v)), nil
	}
	return strconv.ParseFloat(string(v), 64)
}

// build sorts the kept and loaded rows by day (a counting sort: days span a few thousand
// values) into the next snapshot.
func (b *builder) build(version string, landed map[int64]bool) *Snapshot {
	s, old := b.next, b.old
	s.Version, s.imports = version, landed
	keepOld := func(i int) bool { return !b.drop[old.impIDs[old.imp[i]]] }
	total := len(b.day)
	lo, hi := int32(math.MaxInt32), int32(math.MinInt32)
	for i := range old.day {
		if keepOld(i) {
			total++
			lo, hi = min(lo, old.day[i]), max(hi, old.day[i])
		}
	}
	for _, d := range b.day {
		lo, hi = min(lo, d), max(hi, d)
	}
	s.day, s.cell, s.n, s.harm, s.imp = make([]int32, total), make([]uint32, total), make([]int32, total), make([]float64, total), make([]uint32, total)
	for k := range loaded {
		s.key[k] = make([]uint8, total)
	}
	if total == 0 {
		s.months = map[int32]*monthBlock{}
		return s
	}
	next := make([]int, int(hi-lo)+2) // next free position of each day
	for i := range old.day {
		if keepOld(i) {
			next[old.day[i]-lo+1]++
		}
	}
	for _, d := range b.day {
		next[d-lo+1]++
	}
	for i := 1; i < len(next); i++ {
		next[i] += next[i-1]
	}
	put := func(day int32, cell uint32, n int32, harm float64, imp uint32, keys func(k int) uint8) {
		p := next[day-lo]
		next[day-lo]++
		s.day[p], s.cell[p], s.n[p], s.harm[p], s.imp[p] = day, cell, n, harm, imp
		for k := range loaded {
			s.key[k][p] = keys(k)
		}
	}
	for i := range old.day {
		if keepOld(i) {
			put(old.day[i], old.cell[i], old.n[i], old.harm[i], old.imp[i], func(k int) uint8 { return old.key[k][i] })
		}
	}
	for i := range b.day {
		put(b.day[i], b.cell[i], b.n[i], b.harm[i], b.imp[i], func(k int) uint8 { return b.key[k][i] })
	}
	s.addCellAreas()
	s.addMonths()
	return s
}
