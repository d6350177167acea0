package inspection

import (
	"context"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
)

// People answers the inspection's people with the roles and agencies keys.
func (h *Handler) People(c echo.Context) error {
	return listing(c, "people", h.Store.People, func([]*Person) map[string]any { return map[string]any{"roles": PersonRoles} })
}

// AddPerson records a member of staff ({"agency","role","post","staff_name","work_email","work_phone","responsibilities"}).
func (h *Handler) AddPerson(c echo.Context) error { return h.people().Add(c) }

// UpdatePerson changes a person (If-Match required).
func (h *Handler) UpdatePerson(c echo.Context) error { return h.people().Update(c) }

// DeletePerson removes a person.
func (h *Handler) DeletePerson(c echo.Context) error { return h.people().Delete(c) }

// Meetings answers the inspection's meetings (?kind=&from=&to=).
func (h *Handler) Meetings(c echo.Context) error {
	return listing(c, "meetings", func(ctx context.Context, id int64) ([]*Meeting, error) {
		f := MeetingFilter{Kind: c.QueryParam("kind")}
		for name, dst := range map[string]*calendar.Date{"from": &f.From, "to": &f.To} {
			if v := c.QueryParam(name); v != "" {
				var err error
				if *dst, err = calendar.Parse(v); err != nil {
					return nil, apperr.Errorf(apperr.Invalid, "%s: %v", name, err)
				}
			}
		}
		return h.Store.Meetings(ctx, id, f)
	}, func([]*Meeting) map[string]any {
		return map[string]any{"kinds": MeetingKinds, "activities": FieldworkActivities}
	})
}

// AddMeeting records a meeting with its decisions and actions.
func (h *Handler) AddMeeting(c echo.Context) error { return h.meetings().Add(c) }

// Meeting answers one meeting.
func (h *Handler) Meeting(c echo.Context) error { return h.meetings().Get(c) }

// UpdateMeeting changes a meeting, replaces its decisions or adds actions (If-Match required).
func (h *Handler) UpdateMeeting(c echo.Context) error { return h.meetings().Update(c) }

// DeleteMeeting removes a meeting.
func (h *Handler) DeleteMeeting(c echo.Context) error { return h.meetings().Delete(c) }

// people serves the people with a part in an inspection.
func (h *Handler) people() routes[PersonInput, PersonInput, *Person] {
	return routes[PersonInput, PersonInput, *Person]{path: "people", param: "person", decode: decodeStaffJSON,
		add: h.Store.AddPerson, update: h.Store.UpdatePerson, remove: h.Store.DeletePerson}
}

// meetings serves the meetings of an inspection.
func (h *Handler) meetings() routes[MeetingInput, MeetingInput, *Meeting] {
	return routes[MeetingInput, MeetingInput, *Meeting]{path: "meetings", param: "meeting", decode: decodeJSON,
		add: h.Store.AddMeeting, get: h.Store.Meeting, update: h.Store.UpdateMeeting, remove: h.Store.DeleteMeeting}
}
