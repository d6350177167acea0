package inspection

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
)

const maxFormField = 64 << 10

// AddEvidence adds a document or a link to an inspection's evidence library: a link as JSON
// {"title","url","owner_agency","lines"}; a document as multipart/form-data (fields title,
// owner_agency, lines — repeated or comma-separated — and the file in "file"), or as the raw
// body with ?title=&filename=&owner_agency=&lines=.
func (h *Handler) AddEvidence(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	mediaType, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	var n NewEvidence
	switch mediaType {
	case echo.MIMEApplicationJSON:
		if err := decodeJSON(c, &n); err != nil {
			return err
		}
	case echo.MIMEMultipartForm:
		if n, err = h.readMultipart(c); err != nil {
			return err
		}
	default:
		q := c.QueryParams()
		n = NewEvidence{Title: q.Get("title"), Filename: q.Get("filename"), OwnerAgency: q.Get("owner_agency"), Lines: splitLines(q["lines"])}
		if n.Content, err = h.readDocument(c.Request().Body); err != nil {
			return err
		}
	}
	e, err := h.Store.AddEvidence(c.Request().Context(), id, n)
	if err != nil {
		return err
	}
	return api.Created(c, "/api/v1/inspections/"+itoa(id)+"/evidence/"+itoa(e.ID), e.Version, forRole(role(c), e))
}

// splitLines reads line keys given as repeated values, comma-separated, or both.
func splitLines(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, k := range strings.Split(v, ",") {
			if k = strings.TrimSpace(k); k != "" {
				out = append(out, k)
			}
		}
	}
	return out
}

// readDocument reads a document of at most MaxEvidenceBytes.
func (h *Handler) readDocument(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, h.MaxEvidenceBytes+1))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) || int64(len(b)) > h.MaxEvidenceBytes {
		return nil, apperr.Errorf(apperr.TooLarge, "the document is larger than the %d-byte limit of the evidence library", h.MaxEvidenceBytes)
	}
	if err != nil {
		return nil, apperr.Errorf(apperr.Invalid, "read document: %v", err)
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}

func (h *Handler) readMultipart(c echo.Context) (NewEvidence, error) {
	var n NewEvidence
	mr, err := c.Request().MultipartReader()
	if err != nil {
		return n, apperr.Errorf(apperr.Invalid, "multipart body: %v", err)
	}
	var lines []string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return n, apperr.Errorf(apperr.TooLarge, "the body is larger than the %d-byte limit", tooBig.Limit)
		}
		if err != nil {
			return n, apperr.Errorf(apperr.Invalid, "multipart body: %v", err)
		}
		if part.FormName() == "file" {
			if n.Content != nil {
				return n, apperr.Errorf(apperr.Invalid, "send one file per request")
			}
			if n.Content, err = h.readDocument(part); err != nil {
				return n, err
			}
			if n.Filename == "" {
				n.Filename = part.FileName()
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, maxFormField+1))
		if err != nil || len(b) > maxFormField {
			return n, apperr.Errorf(apperr.Invalid, "form field %q is unreadable or longer than %d bytes", part.FormName(), maxFormField)
		}
		v := string(b)
		switch part.FormName() {
		case "title":
			n.Title = v
		case "filename":
			n.Filename = v
		case "owner_agency":
			n.OwnerAgency = v
		case "lines":
			lines = append(lines, v)
		default:
			return n, apperr.Errorf(apperr.Invalid, "unknown form field %q (want title, owner_agency, lines, filename and file)", part.FormName())
		}
	}
	if n.Content == nil {
		return n, apperr.Errorf(apperr.Unprocessable, `the multipart body has no "file" part`)
	}
	n.Lines = splitLines(lines)
	return n, nil
}

// ListEvidence lists an inspection's evidence (?line=&qa_status=&owner_agency=&kind=&limit=&offset=).
func (h *Handler) ListEvidence(c echo.Context) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	var f EvidenceFilter
	for name, dst := range map[string]**string{"line": &f.Line, "qa_status": &f.QAStatus, "owner_agency": &f.OwnerAgency, "kind": &f.Kind} {
		if v := c.QueryParam(name); v != "" {
			*dst = &v
		}
	}
	return paged(c, "evidence", func(ctx context.Context, page api.Page) ([]*evidenceFor, int, error) {
		f.Limit, f.Offset = page.Limit, page.Offset
		list, total, err := h.Store.ListEvidence(ctx, id, f)
		return listForRole(role(c), list), total, err
	})
}

// GetEvidence answers one evidence item (without its content).
func (h *Handler) GetEvidence(c echo.Context) error {
	return getRecord(c, "eid", readForRole(role(c), h.Store.GetEvidence))
}

// UpdateEvidence changes an evidence item's details or QA status (If-Match required).
func (h *Handler) UpdateEvidence(c echo.Context) error {
	role := role(c)
	return updateRecord(c, "eid", decodeJSON, func(ctx context.Context, inspectionID, id int64, version int, p EvidencePatch) (*evidenceFor, error) {
		e, err := h.Store.UpdateEvidence(ctx, inspectionID, id, version, role, p)
		return forRole(role, e), err
	})
}

// DeleteEvidence removes an evidence item.
func (h *Handler) DeleteEvidence(c echo.Context) error {
	return deleteRecord(c, "eid", h.Store.DeleteEvidence)
}

// extensions names downloads that have no file name.
var extensions = map[string]string{TypePDF: ".pdf", TypePNG: ".png", TypeJPEG: ".jpg", TypeDOCX: ".docx", TypeXLSX: ".xlsx",
	TypePPTX: ".pptx", TypeCSV: ".csv", TypeText: ".txt"}

// Content sends a document as an attachment; the download is audit-logged.
func (h *Handler) Content(c echo.Context) error {
	id, eid, err := pathIDs(c, "eid")
	if err != nil {
		return err
	}
	e, content, err := h.Store.EvidenceContent(c.Request().Context(), id, eid)
	if err != nil {
		return err
	}
	name := e.Filename
	if name == "" {
		name = "evidence-" + itoa(e.ID) + extensions[e.ContentType]
	}
	hd := c.Response().Header()
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Content-Security-Policy", "sandbox")
	hd.Set("X-Content-SHA256", e.SHA256)
	return c.Blob(http.StatusOK, e.ContentType, content)
}

// Gaps answers the lines of enquiry with no approved evidence.
func (h *Handler) Gaps(c echo.Context) error { return answer(c, h.Store.Gaps) }

// Assessments answers every line's current self-assessment (?history=true adds every version).
func (h *Handler) Assessments(c echo.Context) error {
	return listing(c, "lines", func(ctx context.Context, id int64) ([]LineAssessment, error) {
		return h.Store.Assessments(ctx, id, c.QueryParam("history") == "true")
	}, nil)
}

// Assessment answers one line's current self-assessment and its history.
func (h *Handler) Assessment(c echo.Context) error {
	return answer(c, func(ctx context.Context, id int64) (*LineAssessment, error) {
		return h.Store.Assessment(ctx, id, c.Param("line"))
	})
}

// AddAssessment adds a version of a line's self-assessment ({"narrative","rag"}).
func (h *Handler) AddAssessment(c echo.Context) error {
	return addTo(c, decodeJSON, func(ctx context.Context, id int64, n NewAssessment) (*LineAssessment, error) {
		return h.Store.AddAssessment(ctx, id, c.Param("line"), n)
	}, func(la *LineAssessment) string { return "/self-assessment/" + la.Line.Key })
}
