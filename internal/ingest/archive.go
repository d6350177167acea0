package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
)

// ArchiveLimits bound what a police.uk archive may make an import read, against archives built
// to exhaust the service (a small file that inflates to terabytes).
type ArchiveLimits struct {
	// MaxTotalBytes is the most uncompressed bytes of street-level crime files, together.
	MaxTotalBytes int64
	// MaxRatio is the largest compression ratio (uncompressed to compressed size) of any file
	// of more than ratioFloor bytes; police.uk CSV files compress about 8 to 1.
	MaxRatio int64
	// MaxEntries is the most files and folders an archive may hold.
	MaxEntries int
}

// DefaultArchiveLimits are the limits of a Service: about eight years of every force's
// street-level files, a ratio no real CSV file reaches, and many times the entries of a
// national download.
var DefaultArchiveLimits = ArchiveLimits{MaxTotalBytes: 16 << 30, MaxRatio: 100, MaxEntries: 50_000}

// ratioFloor is the size below which a file's compression ratio is not checked: a small file
// of repeated text may compress very well and cost nothing to read.
const ratioFloor = 1 << 20

// zipMagic starts every ZIP archive: a local file header, or the end of an empty archive.
var zipMagic = [][]byte{[]byte("PK\x03\x04"), []byte("PK\x05\x06")}

// isZip reports whether the buffered file starts as a ZIP archive does.
func isZip(br *bufio.Reader) bool {
	head, _ := br.Peek(4) // fewer than four bytes are no archive; a read error recurs in the reader
	for _, m := range zipMagic {
		if bytes.Equal(head, m) {
			return true
		}
	}
	return false
}

// archiveSuffixes name files that are archives or compressed streams themselves.
var archiveSuffixes = []string{".zip", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".7z", ".rar", ".zst", ".z"}

// spool copies the upload to a temporary file, which zip needs to read its directory at the
// end. The file's name is the service's own; no name from the archive touches the file system.
func spool(dir string, r io.Reader) (*os.File, func(), error) {
	// The command line imports without a running service, which would have made the directory.
	if dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, nil, fmt.Errorf("spool archive: %w", err)
		}
	}
	f, err := os.CreateTemp(dir, "placesafe-archive-*")
	if err != nil {
		return nil, nil, fmt.Errorf("spool archive: %w", err)
	}
	cleanup := func() { // the copy is read only; a file left behind is in the spool directory the service owns
		f.Close()
		os.Remove(f.Name())
	}
	if _, err := io.Copy(f, r); err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("spool archive: %w", err)
	}
	return f, cleanup, nil
}

// refuseArchive is a 422 about an archive, saying that nothing was imported.
func refuseArchive(format string, args ...any) error {
	return apperr.Errorf(apperr.Unprocessable, "archive refused: "+format+"; nothing was imported", args...)
}

// checkEntryName refuses a name that could reach outside a folder if it were ever extracted,
// or that cannot be shown: absolute, with a ".." element, a backslash, a drive letter or a
// control character.
func checkEntryName(name string) error {
	shown := record.DisplayName(name)
	switch {
	case name == "":
		return refuseArchive("an entry has no name")
	case strings.ContainsFunc(name, unicode.IsControl):
		return refuseArchive("entry %s has a control character in its name", shown)
	case strings.HasPrefix(name, "/") || strings.Contains(name, `\`) || (len(name) > 1 && name[1] == ':'):
		return refuseArchive("entry %s has an absolute or Windows path; entries must be relative folder/file names", shown)
	case slices.Contains(strings.Split(name, "/"), ".."):
		return refuseArchive(`entry %s has a ".." element that climbs out of the archive's folders`, shown)
	}
	return nil
}

// openArchive reads the directory of the archive in f and sorts its files: the street-level
// crime files to import, and the others listed as ignored with the reason. The whole archive
// is refused, before anything is read, for a hostile or unreadable entry.
func openArchive(f *os.File, lim ArchiveLimits) (*zip.Reader, []*zip.File, []FileReport, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("archive size: %w", err)
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return nil, nil, nil, refuseArchive("it is not a readable ZIP file (%v)", err)
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, nil, nil, refuseArchive("it holds %d entries, more than the limit of %d", len(zr.File), lim.MaxEntries)
	}
	files := slices.Clone(zr.File)
	slices.SortStableFunc(files, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	var streets []*zip.File
	var reports []FileReport
	var total uint64
	for _, zf := range files {
		if err := checkEntryName(zf.Name); err != nil {
			return nil, nil, nil, err
		}
		if zf.FileInfo().IsDir() {
			continue
		}
		shown := record.DisplayName(zf.Name)
		base := strings.ToLower(path.Base(zf.Name))
		for _, suffix := range archiveSuffixes {
			if strings.HasSuffix(base, suffix) {
				return nil, nil, nil, refuseArchive("entry %s is an archive itself; nested archives are not opened", shown)
			}
		}
		if zf.Flags&0x1 != 0 {
			return nil, nil, nil, refuseArchive("entry %s is encrypted", shown)
		}
		if zf.Method != zip.Store && zf.Method != zip.Deflate {
			return nil, nil, nil, refuseArchive("entry %s uses compression method %d; only stored and deflated files are read", shown, zf.Method)
		}
		if zf.UncompressedSize64 > ratioFloor && zf.UncompressedSize64 > uint64(lim.MaxRatio)*zf.CompressedSize64 {
			return nil, nil, nil, refuseArchive("entry %s would inflate %d bytes to %d, a ratio over the limit of %d to 1",
				shown, zf.CompressedSize64, zf.UncompressedSize64, lim.MaxRatio)
		}
		rep := FileReport{Name: zf.Name, Status: FileIgnored}
		switch {
		case strings.HasSuffix(base, "-street.csv"):
			total += zf.UncompressedSize64
			if total > uint64(lim.MaxTotalBytes) {
				return nil, nil, nil, apperr.Errorf(apperr.TooLarge,
					"archive refused: its street-level crime files hold more than %d bytes uncompressed; import it in parts; nothing was imported", lim.MaxTotalBytes)
			}
			rep.Status = FileImported
			streets = append(streets, zf)
		case strings.HasSuffix(base, "-outcomes.csv"):
			rep.Reason = "outcomes file: the outcomes of crimes already in the street-level files, not incidents"
		case strings.HasSuffix(base, "-stop-and-search.csv"):
			rep.Reason = "stop and search file: searches, not incidents"
		default:
			rep.Reason = "not a police.uk street-level crime file (named *-street.csv)"
		}
		reports = append(reports, rep)
	}
	if len(streets) == 0 {
		return nil, nil, nil, refuseArchive("it holds no police.uk street-level crime file (named *-street.csv)")
	}
	return zr, streets, reports, nil
}

// archiveReader reads the rows of an archive's street-level crime files one file after the
// other, as one file whose rows carry their file's number (see current).
type archiveReader struct {
	files []*zip.File
	scope incident.Scope
	i     int // the file being read, -1 before the first
	rc    io.ReadCloser
	cur   record.Reader
}

func newArchiveReader(files []*zip.File, scope incident.Scope) *archiveReader {
	return &archiveReader{files: files, scope: scope, i: -1}
}

// current returns the number of the file the last row came from.
func (a *archiveReader) current() int { return a.i }

// Next returns the next row of the current file, going on to the next file at the end of one.
func (a *archiveReader) Next() (record.Row, error) {
	for {
		if a.cur == nil {
			if a.i+1 >= len(a.files) {
				return record.Row{}, io.EOF
			}
			a.i++
			if err := a.open(); err != nil {
				return record.Row{}, err
			}
		}
		row, err := a.cur.Next()
		if errors.Is(err, io.EOF) {
			a.rc.Close() // an entry read to its end: closing it has nothing left to report
			a.cur = nil
			continue
		}
		name := a.files[a.i].Name
		var rowErr *record.RowError
		var fileErr *record.FileError
		switch {
		case errors.As(err, &rowErr):
			rowErr.File = name
		case errors.As(err, &fileErr):
			return row, &record.FileError{Reason: record.DisplayName(name) + ": " + fileErr.Reason, Columns: fileErr.Columns}
		case err != nil:
			return row, fmt.Errorf("archive entry %s: %w", record.DisplayName(name), err)
		}
		return row, err
	}
}

// open starts reading file a.i: no more bytes than its directory entry declares, and not an
// archive inside the archive whatever its name.
func (a *archiveReader) open() error {
	zf := a.files[a.i]
	rc, err := zf.Open()
	if err != nil {
		return refuseArchive("entry %s cannot be read (%v)", record.DisplayName(zf.Name), err)
	}
	br := bufio.NewReader(&declaredSize{r: rc, left: int64(zf.UncompressedSize64), name: zf.Name})
	head, _ := br.Peek(4) // a short or unreadable entry fails in the reader below, with its name
	if bytes.HasPrefix(head, []byte("PK")) || bytes.HasPrefix(head, []byte{0x1f, 0x8b}) {
		rc.Close() // refused unread: only its own error matters
		return refuseArchive("entry %s is an archive itself; nested archives are not opened", record.DisplayName(zf.Name))
	}
	rd, err := incident.NewPoliceUKReader(br, a.scope)
	if err != nil {
		rc.Close() // the reader's error is the one to report
		var fileErr *record.FileError
		if errors.As(err, &fileErr) {
			return &record.FileError{Reason: record.DisplayName(zf.Name) + ": " + fileErr.Reason, Columns: fileErr.Columns}
		}
		return fmt.Errorf("archive entry %s: %w", record.DisplayName(zf.Name), err)
	}
	a.rc, a.cur = rc, rd
	return nil
}

// close releases the file being read, if any.
func (a *archiveReader) close() {
	if a.cur != nil {
		a.rc.Close() // reading is over (or failed with its own error); an entry's Close reports nothing new
		a.cur = nil
	}
}

// declaredSize reads an archive entry and fails once it yields more bytes than the archive's
// directory declared for it, whatever the entry's own headers say.
type declaredSize struct {
	r    io.Reader
	left int64
	name string
}

func (d *declaredSize) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	d.left -= int64(n)
	if d.left < 0 || errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) {
		return n, refuseArchive("entry %s is damaged or holds more data than its directory entry declares", record.DisplayName(d.name))
	}
	return n, err
}
