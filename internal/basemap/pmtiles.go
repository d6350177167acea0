package basemap

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"sync"

	"github.com/protomaps/go-pmtiles/pmtiles"
)

// pmtilesArchive reads a PMTiles v3 archive with go-pmtiles' header and directory codecs:
// the root directory is kept in memory, leaf directories are read when a tile needs them
// (and the last few kept).
type pmtilesArchive struct {
	f      *os.File
	header pmtiles.HeaderV3
	root   []pmtiles.EntryV3

	mu     sync.Mutex
	leaves map[[2]uint64][]pmtiles.EntryV3
}

// maxLeaves bounds the leaf directories kept in memory (each a few hundred KiB at most).
const maxLeaves = 64

func openPMTiles(path string) (*Archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	p, info, err := readPMTiles(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Archive{Format: "pmtiles", Info: info, tile: p.tile, close: f.Close}, nil
}

func readPMTiles(f *os.File) (*pmtilesArchive, Info, error) {
	buf := make([]byte, pmtiles.HeaderV3LenBytes)
	if _, err := f.ReadAt(buf, 0); err != nil {
		return nil, Info{}, fmt.Errorf("read PMTiles header: %w", err)
	}
	h, err := pmtiles.DeserializeHeader(buf)
	if err != nil {
		return nil, Info{}, fmt.Errorf("read PMTiles header: %w", err)
	}
	if h.SpecVersion != 3 {
		return nil, Info{}, fmt.Errorf("PMTiles version %d: only version 3 is read (convert it with the pmtiles tool)", h.SpecVersion)
	}
	if h.InternalCompression != pmtiles.NoCompression && h.InternalCompression != pmtiles.Gzip {
		return nil, Info{}, fmt.Errorf("PMTiles directories compressed with method %d: only none and gzip are read", h.InternalCompression)
	}
	if h.TileCompression != pmtiles.NoCompression && h.TileCompression != pmtiles.Gzip && h.TileCompression != pmtiles.UnknownCompression {
		return nil, Info{}, fmt.Errorf("PMTiles tiles compressed with method %d: only none and gzip are served", h.TileCompression)
	}
	types := map[pmtiles.TileType]string{pmtiles.Mvt: "mvt", pmtiles.Png: "png", pmtiles.Jpeg: "jpg", pmtiles.Webp: "webp"}
	tt, ok := types[h.TileType]
	if !ok {
		return nil, Info{}, fmt.Errorf("PMTiles tile type %d: want vector (MVT), PNG, JPEG or WebP tiles", h.TileType)
	}
	p := &pmtilesArchive{f: f, header: h, leaves: map[[2]uint64][]pmtiles.EntryV3{}}
	if p.root, err = p.directory(h.RootOffset, h.RootLength); err != nil {
		return nil, Info{}, fmt.Errorf("read PMTiles root directory: %w", err)
	}
	info := Info{TileType: tt, MinZoom: h.MinZoom, MaxZoom: h.MaxZoom,
		Bounds: [4]float64{e7(h.MinLonE7), e7(h.MinLatE7), e7(h.MaxLonE7), e7(h.MaxLatE7)},
		Center: [3]float64{e7(h.CenterLonE7), e7(h.CenterLatE7), float64(h.CenterZoom)}}
	if h.MetadataLength > 0 {
		raw := make([]byte, h.MetadataLength)
		if _, err := f.ReadAt(raw, int64(h.MetadataOffset)); err != nil {
			return nil, Info{}, fmt.Errorf("read PMTiles metadata: %w", err)
		}
		md, err := pmtiles.DeserializeMetadata(bytes.NewReader(raw), h.InternalCompression)
		if err != nil {
			return nil, Info{}, fmt.Errorf("read PMTiles metadata: %w", err)
		}
		info.describe(md)
	}
	return p, info, nil
}

func e7(v int32) float64 { return float64(v) / 1e7 }

// directory reads and decodes the directory at offset (relative to the file).
func (p *pmtilesArchive) directory(offset, length uint64) ([]pmtiles.EntryV3, error) {
	raw := make([]byte, length)
	if _, err := p.f.ReadAt(raw, int64(offset)); err != nil {
		return nil, err
	}
	if p.header.InternalCompression == pmtiles.Gzip && (len(raw) < 2 || raw[0] != 0x1f || raw[1] != 0x8b) {
		return nil, fmt.Errorf("directory at %d is not gzip data", offset) // the codec would panic on it
	}
	return pmtiles.DeserializeEntries(bytes.NewBuffer(raw), p.header.InternalCompression), nil
}

func (p *pmtilesArchive) leaf(offset, length uint64) ([]pmtiles.EntryV3, error) {
	key := [2]uint64{offset, length}
	p.mu.Lock()
	d, ok := p.leaves[key]
	p.mu.Unlock()
	if ok {
		return d, nil
	}
	d, err := p.directory(p.header.LeafDirectoryOffset+offset, length)
	if err != nil {
		return nil, fmt.Errorf("read PMTiles leaf directory: %w", err)
	}
	p.mu.Lock()
	if len(p.leaves) >= maxLeaves {
		clear(p.leaves)
	}
	p.leaves[key] = d
	p.mu.Unlock()
	return d, nil
}

// tile walks the directories as the PMTiles specification says: an entry with a run length
// points at tile data, one without at a leaf directory (at most three levels deep).
func (p *pmtilesArchive) tile(_ context.Context, z uint8, x, y uint32) ([]byte, error) {
	id := pmtiles.ZxyToID(z, x, y)
	dir := p.root
	for depth := 0; depth < 4; depth++ {
		e, ok := pmtiles.FindTile(dir, id)
		if !ok {
			return nil, ErrNoTile
		}
		if e.RunLength > 0 {
			b := make([]byte, e.Length)
			if _, err := p.f.ReadAt(b, int64(p.header.TileDataOffset+e.Offset)); err != nil {
				return nil, fmt.Errorf("read tile %d/%d/%d: %w", z, x, y, err)
			}
			return b, nil
		}
		var err error
		if dir, err = p.leaf(e.Offset, uint64(e.Length)); err != nil {
			return nil, err
		}
	}
	return nil, ErrNoTile
}
