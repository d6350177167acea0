package basemap

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite", pure Go
)

// openMBTiles opens an MBTiles 1.3 file read-only: its tiles table (rows numbered from the
// south, as TMS does) and its metadata table.
func openMBTiles(path string) (*Archive, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: abs, RawQuery: "mode=ro"}).String())
	if err != nil {
		return nil, err
	}
	info, err := readMBTiles(db)
	if err != nil {
		db.Close()
		return nil, err
	}
	tile := func(ctx context.Context, z uint8, x, y uint32) ([]byte, error) {
		var b []byte
		row := (uint32(1) << z) - 1 - y
		err := db.QueryRowContext(ctx, `SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?`, z, x, row).Scan(&b)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNoTile
		}
		if err != nil {
			return nil, fmt.Errorf("read tile %d/%d/%d: %w", z, x, y, err)
		}
		return b, nil
	}
	return &Archive{Format: "mbtiles", Info: info, tile: tile, close: db.Close}, nil
}

func readMBTiles(db *sql.DB) (Info, error) {
	rows, err := db.Query(`SELECT name, value FROM metadata`)
	if err != nil {
		return Info{}, fmt.Errorf("an SQLite file without an MBTiles metadata table: %w", err)
	}
	defer rows.Close()
	md := map[string]any{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return Info{}, fmt.Errorf("read MBTiles metadata: %w", err)
		}
		md[k] = v
	}
	if err := rows.Err(); err != nil {
		return Info{}, fmt.Errorf("read MBTiles metadata: %w", err)
	}
	format, _ := md["format"].(string)
	var info Info
	var ok bool
	if info.TileType, ok = tileTypes[strings.ToLower(format)]; !ok {
		return Info{}, fmt.Errorf("MBTiles format %q: want pbf (vector), png, jpg or webp", format)
	}
	var lo, hi sql.NullInt64
	if err := db.QueryRow(`SELECT min(zoom_level), max(zoom_level) FROM tiles`).Scan(&lo, &hi); err != nil {
		return Info{}, fmt.Errorf("an SQLite file without an MBTiles tiles table: %w", err)
	}
	if !lo.Valid || lo.Int64 < 0 || hi.Int64 > 30 {
		return Info{}, errors.New("the MBTiles tiles table holds no tiles at zoom levels 0 to 30")
	}
	info.MinZoom, info.MaxZoom = uint8(lo.Int64), uint8(hi.Int64)
	info.Bounds = [4]float64(floats(md["bounds"], 4))
	info.Center = [3]float64(floats(md["center"], 3))
	info.describe(md)
	return info, nil
}

// floats reads a metadata value such as "-0.11,51.50,-0.07,51.52" (zeros when it is not n numbers).
func floats(v any, n int) []float64 {
	out := make([]float64, n)
	s, _ := v.(string)
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return out
	}
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return make([]float64, n)
		}
		out[i] = f
	}
	return out
}
