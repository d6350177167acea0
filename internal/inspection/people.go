package inspection

import (
	"context"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/postgres"
	"github.com/placesafe/placesafe/internal/versioned"
)

// PersonRoles are the parts staff play in a JTAI: each agency's single point of contact, its
// strategic lead (the DCS for children's social care), the partnership's JTAI coordinator and
// members of the preparation group.
var PersonRoles = []string{"spoc", "strategic_lead", "dcs", "jtai_coordinator", "member"}

// Person is a member of staff with a part in the inspection: work contact details only.
type Person struct {
	ID               int64  `json:"id"`
	Agency           string `json:"agency"`
	Role             string `json:"role"`
	Post             string `json:"post"`
	StaffName        string `json:"staff_name"`
	WorkEmail        string `json:"work_email"`
	WorkPhone        string `json:"work_phone"`
	Responsibilities string `json:"responsibilities"`
	versioned.Stamp
}

// PersonInput is the body of POST …/people and PATCH …/people/{person}; on PATCH nil fields
// are left as they are.
type PersonInput struct {
	Agency           *string `json:"agency"`
	Role             *string `json:"role"`
	Post             *string `json:"post"`
	StaffName        *string `json:"staff_name"`
	WorkEmail        *string `json:"work_email"`
	WorkPhone        *string `json:"work_phone"`
	Responsibilities *string `json:"responsibilities"`
}

var (
	workEmail = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	workPhone = regexp.MustCompile(`^\+?[0-9 ()-]{6,24}$`)
)

func (p PersonInput) check(create bool) error {
	if create && (p.Agency == nil || p.Role == nil || p.Post == nil || p.StaffName == nil) {
		return apperr.Errorf(apperr.Unprocessable, "agency, role, post and staff_name are required")
	}
	return firstError(optAgency("agency", p.Agency), oneOf("role", p.Role, PersonRoles),
		optText("post", p.Post, 200, true, false), optText("staff_name", p.StaffName, 200, true, false),
		optMatch(p.WorkEmail, workEmail, func(v string) error {
			return apperr.Errorf(apperr.Unprocessable, "work_email %q is not an e-mail address", v)
		}),
		optMatch(p.WorkPhone, workPhone, func(v string) error {
			return apperr.Errorf(apperr.Unprocessable, "work_phone %q: want digits, spaces, brackets, dashes and a leading +", v)
		}),
		optFreeText("responsibilities", p.Responsibilities, 4000, false))
}

// personKind reads people by agency and role.
var personKind = kind[*Person]{name: "person", table: "inspection_people", path: "people",
	list: func(ctx context.Context, q versioned.Querier, inspectionID, id int64) ([]*Person, error) {
		return collect(ctx, q, "load people", pgx.RowToAddrOfStructByName[Person], `SELECT id, agency, role, post, staff_name, work_email,
			work_phone, responsibilities, version, created_at, updated_at FROM inspection_people
			WHERE inspection_id = $1 AND ($2::bigint = 0 OR id = $2) ORDER BY agency, role, id`, inspectionID, id)
	}}

// People returns the inspection's people by agency.
func (s *Store) People(ctx context.Context, inspectionID int64) ([]*Person, error) {
	return personKind.all(ctx, s, false, inspectionID)
}

func spocTaken(agency string) error {
	return apperr.Errorf(apperr.Conflict, "%s already has a JTAI single point of contact; change that person's role first", agency)
}

// AddPerson records a member of staff (one SPOC per agency).
func (s *Store) AddPerson(ctx context.Context, inspectionID int64, in PersonInput) (*Person, error) {
	if err := in.check(true); err != nil {
		return nil, err
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return strings.TrimSpace(*p)
	}
	return personKind.add(ctx, s, inspectionID, "person.add", func(tx pgx.Tx) (int64, map[string]any, error) {
		if _, err := head(ctx, tx, inspectionID); err != nil {
			return 0, nil, err
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO inspection_people (inspection_id, agency, role, post, staff_name, work_email, work_phone,
			responsibilities, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			inspectionID, *in.Agency, *in.Role, str(in.Post), str(in.StaffName), str(in.WorkEmail), str(in.WorkPhone), str(in.Responsibilities),
			actor(ctx)).Scan(&id)
		if postgres.IsUniqueViolation(err) {
			return 0, nil, spocTaken(*in.Agency)
		}
		// The audit log records the part, not the contact details.
		return id, map[string]any{"agency": *in.Agency, "role": *in.Role}, err
	})
}

// UpdatePerson applies in to a person at version.
func (s *Store) UpdatePerson(ctx context.Context, inspectionID, id int64, version int, in PersonInput) (*Person, error) {
	if err := in.check(false); err != nil {
		return nil, err
	}
	return personKind.change(ctx, s, inspectionID, id, version, "person.update", nil, func(tx pgx.Tx) (map[string]any, error) {
		_, err := tx.Exec(ctx, `UPDATE inspection_people SET agency = COALESCE($2, agency), role = COALESCE($3, role), post = COALESCE($4, post),
			staff_name = COALESCE($5, staff_name), work_email = COALESCE($6, work_email), work_phone = COALESCE($7, work_phone),
			responsibilities = COALESCE($8, responsibilities), version = version + 1, updated_at = now(), updated_by = $9 WHERE id = $1`,
			id, in.Agency, in.Role, in.Post, in.StaffName, in.WorkEmail, in.WorkPhone, in.Responsibilities, actor(ctx))
		if postgres.IsUniqueViolation(err) {
			return nil, apperr.Errorf(apperr.Conflict, "that agency already has a JTAI single point of contact; change that person's role first")
		}
		return map[string]any{"agency": in.Agency, "role": in.Role}, err
	})
}

// DeletePerson removes a person; meetings keep their attendance by agency.
func (s *Store) DeletePerson(ctx context.Context, inspectionID, id int64) error {
	return personKind.remove(ctx, s, inspectionID, id, "person.delete", "", nil)
}
