package pii_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/placesafe/placesafe/internal/pii"
	"github.com/placesafe/placesafe/internal/record"
)

func TestKind(t *testing.T) {
	tests := []struct {
		col  string
		want string
	}{
		// Names.
		{"name", "name"},
		{"Name", "name"},
		{"first_name", "name"},
		{"First Name", "name"},
		{"firstname", "name"},
		{"last-name", "name"},
		{"LastName", "name"},
		{"surname", "name"},
		{"Forename", "name"},
		{"forenames", "name"},
		{"full name", "name"},
		{"FULL_NAME", "name"},
		{"child name", "name"},
		{"child_name", "name"},
		{"child's name", "name"},
		{"name of child", "name"},
		{"victim name", "name"},
		{"suspect_names", "name"},
		{"given names", "name"},
		{"known as", "name"},
		// Dates of birth.
		{"date of birth", "date of birth"},
		{"Date_Of_Birth", "date of birth"},
		{"DOB", "date of birth"},
		{"d.o.b.", "date of birth"},
		{"victim_dob", "date of birth"},
		{"birth date", "date of birth"},
		{"birthdate", "date of birth"},
		// Addresses.
		{"address", "address"},
		{"Street Address", "address"},
		{"home_address", "address"},
		{"address line 1", "address"},
		{"house number", "address"},
		{"house_no", "address"},
		{"flat number", "address"},
		// Full postcodes.
		{"postcode", "postcode"},
		{"Post Code", "postcode"},
		{"post_code", "postcode"},
		{"postal code", "postcode"},
		{"POSTCODE", "postcode"},
		{"home postcode", "postcode"},
		{"zip", "postcode"},
		// Phones.
		{"phone", "phone"},
		{"telephone", "phone"},
		{"Tel", "phone"},
		{"mobile", "phone"},
		{"mobile_number", "phone"},
		{"phone-number", "phone"},
		// E-mail.
		{"email", "email"},
		{"E-mail", "email"},
		{"email_address", "email"},
		// NHS numbers.
		{"NHS number", "NHS number"},
		{"nhs_no", "NHS number"},
		{"NHSNumber", "NHS number"},
		// National insurance numbers.
		{"national insurance number", "national insurance number"},
		{"NINO", "national insurance number"},
		{"NI number", "national insurance number"},
		// Unique pupil numbers.
		{"UPN", "unique pupil number"},
		{"upn", "unique pupil number"},
		{"unique pupil number", "unique pupil number"},
		{"pupil_number", "unique pupil number"},
		// Harmless names.
		{"source_ref", ""},
		{"category", ""},
		{"LSOA name", ""},
		{"LSOA code", ""},
		{"Location", ""},
		{"school name", ""},
		{"partner", ""},
		{"partner name", ""},
		{"postcode_district", ""},
		{"Postcode Sector", ""},
		{"postcode area", ""},
		{"outward postcode", ""},
		{"victim_age_band", ""},
		{"suspect_age_band", ""},
		{"contacts_children", ""},
		{"Last outcome category", ""},
		{"occurred_at", ""},
		{"", ""},
		{"___", ""},
	}
	for _, tt := range tests {
		t.Run(tt.col, func(t *testing.T) {
			if got := pii.Kind(tt.col); got != tt.want {
				t.Errorf("Kind(%q) = %q, want %q", tt.col, got, tt.want)
			}
		})
	}
}

func TestCheckHeader(t *testing.T) {
	tests := []struct {
		name string
		cols []string
		bad  []string // nil: accepted
	}{
		{
			name: "police.uk street-level header",
			cols: []string{"Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
				"LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"},
		},
		{
			name: "placesafe incident header",
			cols: []string{"source_ref", "occurred_at", "time_precision", "category", "victim_age_band",
				"suspect_age_band", "lat", "lng", "setting", "harm_weight"},
		},
		{
			name: "placesafe activity header",
			cols: []string{"source_ref", "started_at", "duration_minutes", "activity_type", "partner", "lat", "lng", "contacts_children"},
		},
		{
			name: "every offending column is named",
			cols: []string{"source_ref", "Child Name", "DOB", "category", "Post Code", "UPN", "e-mail"},
			bad:  []string{"Child Name", "DOB", "Post Code", "UPN", "e-mail"},
		},
		{
			name: "hostile column name is escaped",
			cols: []string{"dob\x1b[2J"},
			bad:  []string{`"dob\x1b[2J"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := pii.CheckHeader(tt.cols)
			if tt.bad == nil {
				if err != nil {
					t.Fatalf("CheckHeader = %v, want nil", err)
				}
				return
			}
			var fe *record.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("CheckHeader = %v, want a *record.FileError", err)
			}
			if fe.Reason != pii.Reason || !reflect.DeepEqual(fe.Columns, tt.bad) {
				t.Errorf("CheckHeader = %q %q, want %q %q", fe.Reason, fe.Columns, pii.Reason, tt.bad)
			}
		})
	}
}
