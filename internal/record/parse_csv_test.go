package record_test

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/record"
)

var testSpec = record.CSVSpec{Required: []string{"id", "lat", "lng"}, Optional: []string{"note"}, Lat: "lat", Lng: "lng"}

// result is what a source gave for one Next call, in a form tests can compare.
type result struct {
	Line    int
	Content []string
	Loc     string // "lat,lng" or "none"
	Err     string // "row:<line>:<column>" or "file" or ""
}

// sourceCase is an input and what a source reads from it.
type sourceCase struct {
	name string
	in   string
	want []result
}

// checkSources opens each input with open and compares what the source reads with the want.
func checkSources(t *testing.T, open func(io.Reader) (record.RawSource, error), tests []sourceCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := open(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			if got := collect(t, src); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("rows\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// refuseSecret refuses a header with a column called "secret".
func refuseSecret(cols []string) error {
	for _, c := range cols {
		if c == "secret" {
			return &record.FileError{Reason: "refused", Columns: []string{c}}
		}
	}
	return nil
}

func collect(t *testing.T, src record.RawSource) []result {
	t.Helper()
	var out []result
	for i := 0; i < 1000; i++ {
		raw, err := src.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		r := result{Line: raw.Line}
		var rowErr *record.RowError
		var fileErr *record.FileError
		switch {
		case errors.As(err, &rowErr):
			r.Err = fmt.Sprintf("row:%d:%s", rowErr.Line, rowErr.Column)
		case errors.As(err, &fileErr):
			out = append(out, result{Err: "file"})
			return out
		case err != nil:
			t.Fatalf("Next: unexpected error %T %v", err, err)
		default:
			r.Content = raw.Content
			r.Loc = "none"
			if raw.HasLocation {
				r.Loc = fmt.Sprintf("%v,%v", raw.Lat, raw.Lng)
			}
		}
		out = append(out, r)
	}
	t.Fatal("Next never returned io.EOF")
	return nil
}

func TestCSVSourceRows(t *testing.T) {
	tests := []sourceCase{
		{
			name: "LF, columns in any order, optional column absent",
			in:   "lng,id,lat\n-0.1,a,51.5\n,b,\n",
			want: []result{
				{Line: 2, Content: []string{"-0.1", "a", "51.5"}, Loc: "51.5,-0.1"},
				{Line: 3, Content: []string{"", "b", ""}, Loc: "none"},
			},
		},
		{
			name: "BOM and CRLF",
			in:   "\xef\xbb\xbfid,lat,lng,note\r\na,51.5,-0.1,x\r\nb,,,\r\n",
			want: []result{
				{Line: 2, Content: []string{"a", "51.5", "-0.1", "x"}, Loc: "51.5,-0.1"},
				{Line: 3, Content: []string{"b", "", "", ""}, Loc: "none"},
			},
		},
		{
			name: "header only",
			in:   "id,lat,lng\n",
		},
		{
			name: "blank lines are skipped, line numbers kept",
			in:   "id,lat,lng\n\na,1,2\n",
			want: []result{{Line: 3, Content: []string{"a", "1", "2"}, Loc: "1,2"}},
		},
		{
			name: "quoted field over two lines is a control character",
			in:   "id,lat,lng\n\"a\nb\",1,2\nc,1,2\n",
			want: []result{{Line: 2, Err: "row:2:id"}, {Line: 4, Content: []string{"c", "1", "2"}, Loc: "1,2"}},
		},
		{
			name: "short and long rows go on",
			in:   "id,lat,lng\na,1\nb,1,2,3\nc,1,2\n",
			want: []result{{Line: 2, Err: "row:2:"}, {Line: 3, Err: "row:3:"}, {Line: 4, Content: []string{"c", "1", "2"}, Loc: "1,2"}},
		},
		{
			name: "bare quote goes on",
			in:   "id,lat,lng\na\"b,1,2\nc,1,2\n",
			want: []result{{Line: 2, Err: "row:2:"}, {Line: 3, Content: []string{"c", "1", "2"}, Loc: "1,2"}},
		},
		{
			name: "text after closing quote goes on",
			in:   "id,lat,lng\n\"a\"b,1,2\nc,1,2\n",
			want: []result{{Line: 2, Err: "row:2:"}, {Line: 3, Content: []string{"c", "1", "2"}, Loc: "1,2"}},
		},
		{
			name: "unclosed quote swallows the file",
			in:   "id,lat,lng\nc,1,2\n\"a,1,2\nd,1,2\ne,1,2\n",
			want: []result{{Line: 2, Content: []string{"c", "1", "2"}, Loc: "1,2"}, {Line: 3, Err: "row:3:"}, {Err: "file"}},
		},
		{
			// Out-of-range numbers pass: the import pipeline checks ranges and diagnoses the file.
			name: "bad coordinates name the column",
			in:   "id,lat,lng\na,,2\nb,1,\nc,x,2\nd,1,y\ne,91,2\nf,1,181\ng,NaN,2\nh,1,2\n",
			want: []result{
				{Line: 2, Err: "row:2:lat"}, {Line: 3, Err: "row:3:lng"}, {Line: 4, Err: "row:4:lat"},
				{Line: 5, Err: "row:5:lng"}, {Line: 6, Content: []string{"e", "91", "2"}, Loc: "91,2"},
				{Line: 7, Content: []string{"f", "1", "181"}, Loc: "1,181"},
				{Line: 8, Err: "row:8:lat"}, {Line: 9, Content: []string{"h", "1", "2"}, Loc: "1,2"},
			},
		},
		{
			name: "hostile text",
			in:   "id,lat,lng,note\na,1,2,\x1b[2J\nb,1,2,caf\xe9\nc,1,2," + strings.Repeat("x", 257) + "\nd,1,2,ok\n",
			want: []result{
				{Line: 2, Err: "row:2:note"}, {Line: 3, Err: "row:3:note"}, {Line: 4, Err: "row:4:note"},
				{Line: 5, Content: []string{"d", "1", "2", "ok"}, Loc: "1,2"},
			},
		},
	}
	checkSources(t, func(r io.Reader) (record.RawSource, error) { return record.NewCSVSource(r, testSpec) }, tests)
}

func TestCSVSourceHeader(t *testing.T) {
	spec := testSpec
	spec.CheckHeader = refuseSecret
	checkRefusals(t, "NewCSVSource", func(r io.Reader) (record.RawSource, error) { return record.NewCSVSource(r, spec) }, true, []refusal{
		{"empty", "", "the file is empty: it has no header line", nil},
		{"check first", "id,secret,bogus\n", "refused", []string{"secret"}},
		{"unknown", "id,lat,lng,extra,more\n", "unknown column (expected id, lat, lng, note)", []string{"extra", "more"}},
		{"missing", "id,note\n", "required column missing", []string{"lat", "lng"}},
		{"repeated", "id,lat,lng,id\n", "column appears more than once", []string{"id"}},
		{"hostile name", "id,lat,lng,\x1b\n", "unknown column (expected id, lat, lng, note)", []string{`"\x1b"`}},
		{"bad quote in header", "id,\"lat,lng\n", "", nil},
	})
}

// refusal is a file that opening must refuse with a *record.FileError giving reason ("" for
// any reason) and, where the test checks them, naming columns.
type refusal struct {
	name    string
	in      string
	reason  string
	columns []string
}

// checkRefusals opens each refusal's file with open, named opener in failures, and checks
// the *record.FileError it gives: its reason and, when withColumns, the columns it names.
func checkRefusals(t *testing.T, opener string, open func(io.Reader) (record.RawSource, error), withColumns bool, tests []refusal) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := open(strings.NewReader(tt.in))
			var fe *record.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("%s error = %v, want a *FileError", opener, err)
			}
			if tt.reason != "" && (fe.Reason != tt.reason || withColumns && !reflect.DeepEqual(fe.Columns, tt.columns)) {
				t.Errorf("FileError = %q %q, want %q %q", fe.Reason, fe.Columns, tt.reason, tt.columns)
			}
		})
	}
}

func TestNewReaderPassesRowErrors(t *testing.T) {
	src, err := record.NewCSVSource(strings.NewReader("id,lat,lng\na,1,2\nb,1\nc,,\n"), testSpec)
	if err != nil {
		t.Fatal(err)
	}
	r := record.NewReader(src, func(raw record.RawRow) (record.Row, error) {
		row := raw.Row()
		if raw.Get("id") == "c" {
			return row, raw.Errorf("id", "not c")
		}
		row.Values = []any{raw.Get("id")}
		return row, nil
	})
	row, err := r.Next()
	if err != nil || row.Line != 2 || row.Values[0] != "a" || !row.HasLocation || row.SkipReason != "" {
		t.Errorf("row 1 = %+v, %v", row, err)
	}
	var rowErr *record.RowError
	if _, err := r.Next(); !errors.As(err, &rowErr) || rowErr.Line != 3 {
		t.Errorf("row 2 error = %v, want a RowError on line 3", err)
	}
	if _, err := r.Next(); !errors.As(err, &rowErr) || rowErr.Line != 4 || rowErr.Column != "id" {
		t.Errorf("row 3 error = %v, want a RowError on line 4, column id", err)
	}
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("end = %v, want io.EOF", err)
	}
}
