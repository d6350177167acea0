package inspection

import (
	"archive/zip"
	"bytes"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/placesafe/placesafe/internal/apperr"
)

// MaxEvidenceBytes is the largest document the evidence library accepts (25 MiB), or
// PLACESAFE_MAX_UPLOAD_BYTES when that is smaller. Documents are held in the database, where a
// bytea value is read whole: the limit keeps one download's memory bounded.
const MaxEvidenceBytes = 25 << 20

// Accepted document types, found by sniffing the content (http.DetectContentType and, for a
// ZIP, its Office Open XML parts), never by trusting the name or the client's header.
const (
	TypePDF  = "application/pdf"
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypePPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	TypeCSV  = "text/csv; charset=utf-8"
	TypeText = "text/plain; charset=utf-8"
)

// AcceptedTypes lists what the evidence library takes, for error messages and the README.
const AcceptedTypes = "PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG, JPEG, CSV and plain UTF-8 text"

// SniffType returns the stored content type of a document, or a 422 naming what it looks like.
// Older Office formats (.doc, .xls), HTML, scripts and archives other than Office Open XML are
// refused.
func SniffType(content []byte, filename string) (string, error) {
	if len(content) == 0 {
		return "", apperr.Errorf(apperr.Unprocessable, "the document is empty")
	}
	sniffed := http.DetectContentType(content)
	ext := strings.ToLower(path.Ext(filename))
	switch sniffed {
	case TypePDF, TypePNG, TypeJPEG:
		return sniffed, nil
	case "application/zip":
		if t := officeType(content); t != "" {
			return t, nil
		}
		return "", apperr.Errorf(apperr.Unprocessable, "the document is a ZIP archive that is not a Word, Excel or PowerPoint file; accepted: %s", AcceptedTypes)
	case TypeText:
		if !utf8.Valid(content) {
			return "", apperr.Errorf(apperr.Unprocessable, "the text is not valid UTF-8")
		}
		if ext == ".csv" {
			return TypeCSV, nil
		}
		return TypeText, nil
	}
	return "", apperr.Errorf(apperr.Unprocessable, "the document looks like %s; accepted: %s", sniffed, AcceptedTypes)
}

// officeType tells the Office Open XML documents apart by their main part.
func officeType(content []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return ""
	}
	has := map[string]bool{}
	for _, f := range zr.File {
		has[f.Name] = true
	}
	if !has["[Content_Types].xml"] {
		return ""
	}
	switch {
	case has["word/document.xml"]:
		return TypeDOCX
	case has["xl/workbook.xml"]:
		return TypeXLSX
	case has["ppt/presentation.xml"]:
		return TypePPTX
	}
	return ""
}

// cleanFilename keeps the base name of an uploaded file's name, without directories.
func cleanFilename(name string) (string, error) {
	name = strings.TrimSpace(path.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "." || name == "/" {
		name = ""
	}
	if err := checkText("filename", name, 200, false, false); err != nil {
		return "", err
	}
	return name, nil
}

// checkURL accepts absolute http and https links without credentials.
func checkURL(raw string) error {
	if err := checkText("url", raw, 2048, true, false); err != nil {
		return err
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return apperr.Errorf(apperr.Unprocessable, "url %q: want an absolute http or https address", raw)
	}
	if u.User != nil {
		return apperr.Errorf(apperr.Unprocessable, "url must not carry a user name or password")
	}
	return nil
}
