package server

import (
	"context"
	"fmt"
	"time"

	"github.com/placesafe/placesafe/internal/inspection"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
)

// demoPreparingArea is the demo's second partnership, preparing for a JTAI with no
// notification yet.
const demoPreparingArea = "Eastmere"

// DemoInspections records the demo's two JTAI records (LoadDemo calls it): Northbridge's serious youth violence
// inspection, prepared for (people, a completed audit round, a preparation meeting, a
// self-assessment) and then notified on the latest Monday that is a working day, so that the
// screens show a live timetable with its preparation as history; and Eastmere's preparation,
// not notified, with an audit round under way.
func (srv *Server) DemoInspections(ctx context.Context, area string) error {
	st := srv.Inspections
	today := calendar.DateOf(time.Now())
	notified := today
	for i := 0; i < 60; i++ {
		if ok, err := calendar.IsWorkingDay(notified); err == nil && ok && notified.Weekday() == time.Monday {
			break
		}
		notified = notified.AddDays(-1)
	}
	areaID, err := srv.demoAreaID(ctx, area)
	if err != nil {
		return err
	}
	nb, err := st.Create(ctx, inspection.NewInspection{Framework: inspection.SeriousYouthViolence, LocalArea: area, LocalAreaID: areaID})
	if err != nil {
		return err
	}
	if err := demoPreparation(ctx, st, nb.ID, notified.AddDays(-120), true); err != nil {
		return fmt.Errorf("demo preparation of %s: %w", area, err)
	}
	nb, err = st.Get(ctx, nb.ID)
	if err != nil {
		return err
	}
	if _, err := st.RecordNotification(ctx, nb.ID, nb.Version, inspection.Notification{NotifiedOn: notified.String()}); err != nil {
		return err
	}
	preparingID, err := srv.demoAreaID(ctx, demoPreparingArea)
	if err != nil {
		return err
	}
	em, err := st.Create(ctx, inspection.NewInspection{Framework: inspection.SeriousYouthViolence, LocalArea: demoPreparingArea,
		LocalAreaID: preparingID})
	if err != nil {
		return err
	}
	if err := demoPreparation(ctx, st, em.ID, today.AddDays(-21), false); err != nil {
		return fmt.Errorf("demo preparation of %s: %w", demoPreparingArea, err)
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// demoPreparation fills a preparing record: the agencies' people, a preparation group meeting
// with decisions and actions, a self-assessment of two lines and an audit round of two
// children's cases (completed when complete, else with one grading still to do).
func demoPreparation(ctx context.Context, st *inspection.Store, id int64, met calendar.Date, complete bool) error {
	people := []inspection.PersonInput{
		{Agency: ptr("childrens_social_care"), Role: ptr("dcs"), Post: ptr("Director of Children's Services"), StaffName: ptr("Helen Marsh"), WorkEmail: ptr("dcs@council.example")},
		{Agency: ptr("partnership"), Role: ptr("jtai_coordinator"), Post: ptr("Safeguarding Partnership Business Manager"), StaffName: ptr("Priya Shah"), WorkEmail: ptr("partnership@council.example")},
		{Agency: ptr("police"), Role: ptr("spoc"), Post: ptr("Detective Inspector, Public Protection"), StaffName: ptr("Tom Reid"), WorkEmail: ptr("jtai.spoc@police.example")},
		{Agency: ptr("health"), Role: ptr("spoc"), Post: ptr("Designated Nurse for Safeguarding Children"), StaffName: ptr("Grace Obi"), WorkEmail: ptr("safeguarding@icb.example")},
		{Agency: ptr("youth_justice"), Role: ptr("spoc"), Post: ptr("Head of Youth Justice"), StaffName: ptr("Dan Kowalski"), WorkEmail: ptr("yjs@council.example")},
	}
	if complete {
		people = append(people, inspection.PersonInput{Agency: ptr("childrens_social_care"), Role: ptr("spoc"), Post: ptr("Head of Quality Assurance"),
			StaffName: ptr("Ruth Adeyemi"), WorkEmail: ptr("qa@council.example")})
	}
	for _, p := range people {
		if _, err := st.AddPerson(ctx, id, p); err != nil {
			return err
		}
	}
	if _, err := st.AddMeeting(ctx, id, inspection.MeetingInput{Kind: ptr("preparation_group"), Title: ptr("JTAI preparation group"),
		HeldOn: ptr(met.String()), StartsAt: ptr("10:00"), Agencies: &[]string{"childrens_social_care", "police", "health", "youth_justice", "education"},
		Decisions: &[]string{"Refresh the serious violence problem profile before the next round of audits",
			"Run an Annex A dry run with the performance leads"},
		Actions: []inspection.NewAction{{Action: "Annex A dry run with the performance leads", OwnerAgency: "partnership", Owner: "Partnership business manager",
			DueOn: met.AddDays(28).String()}},
	}); err != nil {
		return err
	}
	for line, a := range map[string]inspection.NewAssessment{
		"syv_intelligence": {Narrative: "The serious violence problem profile is refreshed each quarter from police, health and youth justice data.", RAG: "amber"},
		"pas_q1":           {Narrative: "Hot spot analysis on H3 cells informs where detached youth work and guardianship are placed.", RAG: "green"},
	} {
		if _, err := st.AddAssessment(ctx, id, line, a); err != nil {
			return err
		}
	}
	round, err := st.AddRound(ctx, id, inspection.NewRound{Title: "Serious youth violence dip sample",
		PeriodFrom: met.AddDays(-182).String(), PeriodTo: met.AddDays(-1).String()})
	if err != nil {
		return err
	}
	for _, ref := range []string{"NB-CSC-004211", "NB-CSC-004378"} {
		if round, err = st.AddRoundCase(ctx, id, round.ID, inspection.NewRoundCase{Reference: ref, Agencies: []string{"childrens_social_care", "police"}}); err != nil {
			return err
		}
	}
	for i, c := range round.Cases {
		for _, ag := range c.Agencies {
			if !complete && i == 1 && ag == "police" {
				continue // left for the JTAI lead to grade
			}
			if _, err := st.SetGrading(ctx, id, round.ID, c.ID, ag, inspection.GradingUpdate{Status: "complete", Grade: ptr("good"),
				Strengths: "Timely strategy discussion and a shared safety plan.",
				Learning:  "Return home interviews were not shared with the school."}); err != nil {
				return err
			}
		}
	}
	if complete {
		r, err := st.Round(ctx, id, round.ID)
		if err != nil {
			return err
		}
		if _, err := st.UpdateRound(ctx, id, round.ID, r.Version, inspection.RoundPatch{Status: ptr("complete"),
			Learning: ptr("Return home interviews reach schools late; the partnership agreed a 72-hour standard.")}); err != nil {
			return err
		}
	}
	return nil
}
