package inspection

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/postgres"
	"github.com/placesafe/placesafe/internal/versioned"
)

// Evidence kinds and quality-assurance statuses.
const (
	KindDocument = "document"
	KindLink     = "link"

	QADraft          = "draft"
	QAQualityAssured = "quality_assured"
	QAApproved       = "approved"
)

// QAStatuses lists the quality-assurance statuses in order.
var QAStatuses = []string{QADraft, QAQualityAssured, QAApproved}

// Evidence is one item of an inspection's evidence library: a document held by placesafe or
// a link to one held elsewhere, tagged to lines of enquiry.
type Evidence struct {
	ID           int64  `json:"id"`
	InspectionID int64  `json:"inspection_id"`
	Kind         string `json:"kind"`
	Title        string `json:"title"`
	URL          string `json:"url,omitempty"`
	Filename     string `json:"filename,omitempty"`
	ContentType  string `json:"content_type,omitempty"`
	SizeBytes    int64  `json:"size_bytes,omitempty"`
	SHA256       string `json:"sha256,omitempty"`
	// Storage is where a document's bytes are: "database" (the only one written so far) or
	// "none" for a link.
	Storage     string     `json:"storage"`
	OwnerAgency string     `json:"owner_agency"`
	QAStatus    string     `json:"qa_status"`
	QAUpdatedAt *time.Time `json:"qa_updated_at"`
	QAUpdatedBy *int64     `json:"qa_updated_by"`
	Lines       []string   `json:"lines"`
	Version     int        `json:"version"`
	CreatedBy   *int64     `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// NewEvidence is a document (Content set) or a link (URL set) to add to the library.
type NewEvidence struct {
	Title       string   `json:"title"`
	URL         string   `json:"url"`
	OwnerAgency string   `json:"owner_agency"`
	Lines       []string `json:"lines"`
	Filename    string   `json:"-"`
	Content     []byte   `json:"-"`
}

// evidenceKind reads the library in the order items were added.
var evidenceKind = kind[*Evidence]{name: "evidence", table: "evidence", path: "evidence",
	list: func(ctx context.Context, q versioned.Querier, inspectionID, id int64) ([]*Evidence, error) {
		list, _, err := listEvidence(ctx, q, inspectionID, EvidenceFilter{id: id})
		return list, err
	}}

// AddEvidence adds a document or a link to the inspection's library, as a draft. A document's
// type is sniffed from its content and its SHA-256 stored; the same document twice in one
// library is refused (409) with the id of the first.
func (s *Store) AddEvidence(ctx context.Context, inspectionID int64, n NewEvidence) (*Evidence, error) {
	if err := checkText("title", n.Title, 300, true, false); err != nil {
		return nil, err
	}
	if err := checkAgency("owner_agency", n.OwnerAgency); err != nil {
		return nil, err
	}
	kind, storage := KindDocument, "database"
	var contentType, sum any
	var url, content any
	var size any
	if n.Content == nil {
		kind, storage = KindLink, "none"
		if err := checkURL(n.URL); err != nil {
			return nil, err
		}
		url = n.URL
	} else {
		if n.URL != "" {
			return nil, apperr.Errorf(apperr.Unprocessable, "send a document or a url, not both")
		}
		name, err := cleanFilename(n.Filename)
		if err != nil {
			return nil, err
		}
		n.Filename = name
		t, err := SniffType(n.Content, name)
		if err != nil {
			return nil, err
		}
		h := sha256.Sum256(n.Content)
		contentType, sum, content, size = t, hex.EncodeToString(h[:]), n.Content, int64(len(n.Content))
	}
	return evidenceKind.add(ctx, s, inspectionID, "evidence.add", func(tx pgx.Tx) (int64, map[string]any, error) {
		h, err := head(ctx, tx, inspectionID)
		if err != nil {
			return 0, nil, err
		}
		if err := h.checkLines(n.Lines); err != nil {
			return 0, nil, err
		}
		if sum != nil {
			var dup int64
			err := tx.QueryRow(ctx, `SELECT id FROM evidence WHERE inspection_id = $1 AND kind = 'document' AND sha256 = $2`, inspectionID, sum).Scan(&dup)
			if err == nil {
				return 0, nil, apperr.Errorf(apperr.Conflict, "this document is already evidence %d of inspection %d (same SHA-256); tag that one to more lines instead", dup, inspectionID)
			}
			if !errors.Is(err, pgx.ErrNoRows) {
				return 0, nil, err
			}
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO evidence (inspection_id, kind, title, url, filename, content, content_type, size_bytes,
				sha256, storage, owner_agency, created_by, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			inspectionID, kind, strings.TrimSpace(n.Title), url, n.Filename, content, contentType, size, sum, storage,
			n.OwnerAgency, actor(ctx)).Scan(&id); err != nil {
			if postgres.IsUniqueViolation(err) {
				return 0, nil, apperr.Errorf(apperr.Conflict, "this document is already in inspection %d's evidence library", inspectionID)
			}
			return 0, nil, err
		}
		return id, map[string]any{
			"kind": kind, "title": n.Title, "url": url, "filename": n.Filename, "content_type": contentType,
			"size_bytes": size, "sha256": sum, "owner_agency": n.OwnerAgency, "lines": orEmpty(n.Lines)}, setLines(ctx, tx, id, n.Lines)
	})
}

func setLines(ctx context.Context, tx pgx.Tx, evidenceID int64, keys []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM evidence_lines WHERE evidence_id = $1`, evidenceID); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO evidence_lines (evidence_id, line_key) SELECT $1, unnest($2::text[])`, evidenceID, orEmpty(keys))
	return err
}

const evidenceColumns = `e.id, e.inspection_id, e.kind, e.title, COALESCE(e.url, ''), e.filename, COALESCE(e.content_type, ''),
	COALESCE(e.size_bytes, 0), COALESCE(e.sha256, ''), e.storage, e.owner_agency, e.qa_status, e.qa_updated_at, e.qa_updated_by,
	COALESCE((SELECT array_agg(l.line_key ORDER BY l.line_key) FROM evidence_lines l WHERE l.evidence_id = e.id), '{}'),
	e.version, e.created_by, e.created_at, e.updated_at`

func scanEvidence(row pgx.Row, extra ...any) (*Evidence, error) {
	e := &Evidence{}
	err := row.Scan(append([]any{&e.ID, &e.InspectionID, &e.Kind, &e.Title, &e.URL, &e.Filename, &e.ContentType, &e.SizeBytes,
		&e.SHA256, &e.Storage, &e.OwnerAgency, &e.QAStatus, &e.QAUpdatedAt, &e.QAUpdatedBy, &e.Lines, &e.Version,
		&e.CreatedBy, &e.CreatedAt, &e.UpdatedAt}, extra...)...)
	e.Lines = orEmpty(e.Lines)
	return e, err
}

// GetEvidence returns one item of the inspection's library (without its content).
func (s *Store) GetEvidence(ctx context.Context, inspectionID, id int64) (*Evidence, error) {
	return evidenceKind.get(ctx, s.pool, inspectionID, id)
}

// EvidenceFilter narrows ListEvidence; nil fields do not filter. Limit 0 means no limit.
type EvidenceFilter struct {
	Line        *string
	QAStatus    *string
	OwnerAgency *string
	Kind        *string
	Limit       int
	Offset      int
	id          int64 // only this item when > 0
}

// ListEvidence returns the inspection's library in the order items were added, and the total
// that match.
func (s *Store) ListEvidence(ctx context.Context, inspectionID int64, f EvidenceFilter) ([]*Evidence, int, error) {
	total := 0
	list, err := inReadTx(ctx, s.pool, false, func(tx pgx.Tx) (list []*Evidence, err error) {
		if _, err := head(ctx, tx, inspectionID); err != nil {
			return nil, err
		}
		list, total, err = listEvidence(ctx, tx, inspectionID, f)
		return list, err
	})
	return list, total, err
}

func listEvidence(ctx context.Context, q versioned.Querier, inspectionID int64, f EvidenceFilter) ([]*Evidence, int, error) {
	var limit any
	if f.Limit > 0 {
		limit = f.Limit
	}
	return versioned.Counted(ctx, q, "list evidence", scanEvidence,
		`SELECT `+evidenceColumns+`, COUNT(*) OVER () FROM evidence e
		WHERE e.inspection_id = $1
		  AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM evidence_lines l WHERE l.evidence_id = e.id AND l.line_key = $2))
		  AND ($3::text IS NULL OR e.qa_status = $3) AND ($4::text IS NULL OR e.owner_agency = $4)
		  AND ($5::text IS NULL OR e.kind = $5) AND ($8::bigint = 0 OR e.id = $8)
		ORDER BY e.id LIMIT $6 OFFSET $7`, inspectionID, f.Line, f.QAStatus, f.OwnerAgency, f.Kind, limit, f.Offset, f.id)
}

// EvidencePatch changes an evidence item; nil fields are left as they are.
type EvidencePatch struct {
	Title       *string   `json:"title"`
	URL         *string   `json:"url"`
	OwnerAgency *string   `json:"owner_agency"`
	Lines       *[]string `json:"lines"`
	QAStatus    *string   `json:"qa_status"`
}

// mayEditDetails says whether role may change an item's title, link, owner or lines at status.
func mayEditDetails(role, status string) bool {
	switch role {
	case "admin", "analyst":
		return true
	case "vrp_lead":
		return status != QAApproved
	}
	return status == QADraft
}

// UpdateEvidence applies p to an evidence item at version, as a user of role.
func (s *Store) UpdateEvidence(ctx context.Context, inspectionID, id int64, version int, role string, p EvidencePatch) (*Evidence, error) {
	if err := firstError(optText("title", p.Title, 300, true, false), optAgency("owner_agency", p.OwnerAgency),
		oneOf("qa_status", p.QAStatus, QAStatuses)); err != nil {
		return nil, err
	}
	var h inspectionHead
	return evidenceKind.change(ctx, s, inspectionID, id, version, "evidence.update", func(tx pgx.Tx) (err error) {
		h, err = head(ctx, tx, inspectionID)
		return err
	}, func(tx pgx.Tx) (map[string]any, error) {
		e, err := evidenceKind.get(ctx, tx, inspectionID, id)
		if err != nil {
			return nil, err
		}
		kind, status := e.Kind, e.QAStatus
		details := p.Title != nil || p.URL != nil || p.OwnerAgency != nil || p.Lines != nil
		if details && !mayEditDetails(role, status) {
			return nil, apperr.Errorf(apperr.Forbidden, "the %s role may not change evidence that is %s", role, status)
		}
		if p.URL != nil {
			if kind != KindLink {
				return nil, apperr.Errorf(apperr.Unprocessable, "evidence %d is a document; only a link has a url", id)
			}
			if err := checkURL(*p.URL); err != nil {
				return nil, err
			}
		}
		if p.Lines != nil {
			if err := h.checkLines(*p.Lines); err != nil {
				return nil, err
			}
			if err := setLines(ctx, tx, id, *p.Lines); err != nil {
				return nil, err
			}
		}
		qaChanged := p.QAStatus != nil && *p.QAStatus != status
		if qaChanged {
			if err := checkQAMove(role, status, *p.QAStatus); err != nil {
				return nil, err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE evidence SET title = COALESCE($2, title), url = COALESCE($3, url),
				owner_agency = COALESCE($4, owner_agency), qa_status = COALESCE($5, qa_status),
				qa_updated_at = CASE WHEN $6 THEN now() ELSE qa_updated_at END,
				qa_updated_by = CASE WHEN $6 THEN $7 ELSE qa_updated_by END,
				version = version + 1, updated_at = now(), updated_by = $7 WHERE id = $1`,
			id, p.Title, p.URL, p.OwnerAgency, p.QAStatus, qaChanged, actor(ctx)); err != nil {
			return nil, err
		}
		params := map[string]any{"title": p.Title, "url": p.URL, "owner_agency": p.OwnerAgency, "lines": p.Lines}
		if qaChanged {
			params["qa_from"], params["qa_to"] = status, *p.QAStatus
		}
		return params, nil
	})
}

// DeleteEvidence removes an item from the library (and from the Annex A items it was linked to).
func (s *Store) DeleteEvidence(ctx context.Context, inspectionID, id int64) error {
	var title, sum string
	return evidenceKind.remove(ctx, s, inspectionID, id, "evidence.delete", ", title, COALESCE(sha256, '')",
		func() map[string]any { return map[string]any{"title": title, "sha256": sum} }, &title, &sum)
}

// EvidenceContent returns a document's bytes, audit-logging the download in the same
// transaction (a link has no content: 404 naming its url).
func (s *Store) EvidenceContent(ctx context.Context, inspectionID, id int64) (*Evidence, []byte, error) {
	var content []byte
	e, err := inTx(ctx, s.pool, fmt.Sprintf("download evidence %d", id), func(tx pgx.Tx) (*Evidence, error) {
		e, err := evidenceKind.get(ctx, tx, inspectionID, id)
		if err != nil {
			return nil, err
		}
		if e.Kind != KindDocument {
			return nil, apperr.Errorf(apperr.NotFound, "evidence %d is a link to %s; it has no content here", id, e.URL)
		}
		if err := tx.QueryRow(ctx, `SELECT content FROM evidence WHERE id = $1`, id).Scan(&content); err != nil {
			return nil, err
		}
		return recorded(ctx, tx, "evidence.download", evidenceKind.resource(inspectionID, id),
			map[string]any{"sha256": e.SHA256, "filename": e.Filename}, func() (*Evidence, error) { return e, nil })
	})
	if err != nil {
		return nil, nil, err
	}
	return e, content, nil
}
