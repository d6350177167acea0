package seed

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/placesafe/placesafe/internal/analysis"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/consultation"
	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/intervention"
	"github.com/placesafe/placesafe/internal/record"
)

// demoSpec is one demo intervention: where, what, by whom, and how far its review has gone.
type demoSpec struct {
	place, title             string
	methodology, lead        string
	partners                 []string
	status, review, comment  string
	aim, mechanism, outcomes string
	costPounds               int64
	monthsBeforeEnd          int  // its start when the generator has no intervention there
	intelligence             bool // rests on the saved analysis
	planned                  bool // starts after the data ends
	consultedMonthsBefore    int
	consultation             consultation.Input
}

func demoSpecs() []demoSpec {
	return []demoSpec{
		{place: "Ashdown Park", title: "Detached youth work in Ashdown Park",
			methodology: intervention.DetachedOutreachYouthWork, lead: intervention.AgencyYouthJustice,
			partners: []string{intervention.AgencyVoluntarySector, intervention.AgencyCommunitySafety, intervention.AgencyPolice},
			status:   intervention.StatusActive, review: intervention.ReviewApproved, comment: "Approved at the VRP board; report dosage and incidents quarterly.",
			aim:        "Reduce violence against and between young people in Ashdown Park after school and in the evenings.",
			mechanism:  "Detached youth workers and voluntary-sector mentors are present where young people gather (the skate park, the toilets) from 3pm to 8pm, build trusted relationships, and refer those at risk to early help; the council repairs lighting and clears sight lines.",
			outcomes:   "Fewer violent incidents in the park between 3pm and 8pm within six months; more young people in contact with a youth worker; no displacement to Canal Road.",
			costPounds: 48000, monthsBeforeEnd: 18, intelligence: true, consultedMonthsBefore: 2,
			consultation: consultation.Input{Method: consultation.MethodWalkabout, ChildrenCount: 14, AgeMin: ptr(12), AgeMax: ptr(17), AdultsCount: 4,
				RunBy:       "Northbridge Youth Service",
				WhatWasSaid: "Young people said the path by the skate park is dark after 4pm in winter, that older groups gather by the toilets, and that they would talk to youth workers they already know but not to officers they do not.",
				WhatChanged: "You said the path was dark: the council repaired four lights and cut back the hedges. You said you would talk to youth workers you know: the same two workers now come to the skate park every weekday evening."}},
		{place: "Kestrel Fields", title: "Kestrel Fields patrol plan",
			methodology: intervention.HotspotPatrols, lead: intervention.AgencyPolice, partners: []string{intervention.AgencyYouthJustice, intervention.AgencyCommunitySafety},
			status: intervention.StatusActive, review: intervention.ReviewSubmitted,
			aim:        "Stop the rise in robbery and violence in Kestrel Fields found by the emerging hot spot analysis.",
			mechanism:  "Short, visible patrols at the times and paths where incidents cluster (Koper: 10–15 minutes per visit), paired with detached youth work so that young people are engaged rather than only moved on.",
			outcomes:   "Kestrel Fields no longer an intensifying hot spot after six months; robbery in the park back to its level of a year before.",
			costPounds: 22500, monthsBeforeEnd: 4, consultedMonthsBefore: 1,
			consultation: consultation.Input{Method: consultation.MethodYouthForum, ChildrenCount: 22, AgeMin: ptr(13), AgeMax: ptr(18), AdultsCount: 3,
				RunBy:       "Northbridge Youth Council",
				WhatWasSaid: "Members said patrols on their own make young people feel watched rather than safe, and that the path from the bus stop to the fields is where phones are taken.",
				WhatChanged: "You said patrols alone feel like being watched: officers now patrol with youth workers on Friday evenings. You said the bus stop path is where robberies happen: patrols start there."}},
		{place: "Northbridge Interchange", title: "Safe havens at Northbridge Interchange",
			methodology: intervention.GuardianshipSafeHavens, lead: intervention.AgencyTransportOperator,
			partners: []string{intervention.AgencyPolice, intervention.AgencyVRP, intervention.AgencyVoluntarySector, intervention.AgencyBusinessLandowner},
			status:   intervention.StatusActive, review: intervention.ReviewReturned,
			comment:    "Please say how the safe havens are staffed after 6pm, when most incidents happen, and how young people will know where they are.",
			aim:        "Give children travelling through the Interchange after school somewhere safe to go and capable guardians on the concourse.",
			mechanism:  "Shops and the station office sign up as safe havens with trained staff; the VRP's outreach workers and transport staff act as guardians at the bus stands from 3pm to 7pm.",
			outcomes:   "Children report feeling safer at the Interchange; safe havens used; fewer robberies of young people at the bus stands.",
			costPounds: 15000, monthsBeforeEnd: 12, intelligence: true, consultedMonthsBefore: 3,
			consultation: consultation.Input{Method: consultation.MethodSurvey, ChildrenCount: 186, AgeMin: ptr(11), AgeMax: ptr(18), AdultsCount: 40,
				RunBy:       "Fairholme Academy with the VRP",
				WhatWasSaid: "Six in ten pupils who use the Interchange said they avoid it after school; most did not know of anywhere they could go for help there.",
				WhatChanged: "You said you did not know where to go: safe havens in three shops and the station office, shown on posters and in the school bulletin."}},
		{place: "Riverside Centre", title: "Riverside Centre dispersal order",
			methodology: intervention.DispersalOrderPSPO, lead: intervention.AgencyPolice, partners: []string{intervention.AgencyCommunitySafety, intervention.AgencyBusinessLandowner},
			status: intervention.StatusActive, review: intervention.ReviewApproved, comment: "Approved for twelve months; the displacement check is a condition.",
			aim:        "Reduce disorder and violence at the Riverside Centre on weekday afternoons.",
			mechanism:  "A dispersal order over the centre and its car park lets officers direct groups causing harassment to leave; centre security and the community safety team patrol with them.",
			outcomes:   "Fewer incidents at the centre; a displacement check of the streets within 500 m every quarter.",
			costPounds: 6500, monthsBeforeEnd: 12},
		{place: "Northbridge High Street", title: "CCTV and lighting on Northbridge High Street",
			methodology: intervention.CCTVLighting, lead: intervention.AgencyCommunitySafety, partners: []string{intervention.AgencyPolice, intervention.AgencyBusinessLandowner},
			status: intervention.StatusPlanned, review: intervention.ReviewDraft,
			aim:        "Make the western end of the High Street safer after dark.",
			mechanism:  "Brighter LED street lighting and two redeployable CCTV cameras raise the risk of being seen and help officers respond.",
			costPounds: 85000, planned: true, consultedMonthsBefore: 1,
			consultation: consultation.Input{Method: consultation.MethodCommunityMeeting, ChildrenCount: 6, AgeMin: ptr(15), AgeMax: ptr(19), AdultsCount: 35,
				RunBy:       "Northbridge Community Safety Partnership",
				WhatWasSaid: "Traders and residents said the western end of the High Street is poorly lit; young people said they are stopped there more often than they are helped.",
				WhatChanged: "You said the western end is dark: a lighting survey is commissioned and the plan is drafted. You said young people are stopped rather than helped: the plan will go to the youth council before it is submitted."}},
	}
}

func ptr(n int) *int { return &n }

// Interventions adds to the demo borough the interventions (two approved, one submitted, one
// returned with a comment, one draft), their consultations ("you said, we did") and a saved hot
// spot analysis of the year before the first of them, linked as the intelligence two of them
// rested on. It runs after the demo's study area, records and places are loaded: places are
// looked up by name in the places register, and a missing one is an error. The steps are taken
// as the demo accounts author (an analyst) and reviewer (the VRP lead), by e-mail; an account
// that does not exist leaves the step to the system. A database that already holds
// interventions is left alone.
func Interventions(ctx context.Context, pool *pgxpool.Pool, layers analysis.Layerer, b *demo.Borough, author, reviewer string) error {
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM interventions`).Scan(&n); err != nil || n > 0 {
		return err
	}
	specs := demoSpecs()
	places, err := placeIDs(ctx, pool, specs)
	if err != nil {
		return err
	}
	asAuthor, err := actingAs(ctx, pool, author)
	if err != nil {
		return err
	}
	asReviewer, err := actingAs(ctx, pool, reviewer)
	if err != nil {
		return err
	}
	starts := map[string]time.Time{}
	first := b.End
	for _, s := range specs {
		start := b.End.AddDate(0, -s.monthsBeforeEnd, 0)
		for _, di := range b.Interventions {
			if di.Place == s.place {
				start = di.Start
			}
		}
		if s.planned {
			start = b.End.AddDate(0, 1, 0)
		}
		starts[s.place] = start
		if start.Before(first) {
			first = start
		}
	}
	intel, err := seedAnalysis(asAuthor, pool, layers, b, first)
	if err != nil {
		return err
	}
	store, consultations := intervention.NewStore(pool), consultation.NewStore(pool)
	for _, s := range specs {
		id, err := seedIntervention(asAuthor, asReviewer, store, s, places[s.place], starts[s.place], intel)
		if err != nil {
			return fmt.Errorf("demo intervention %q: %w", s.title, err)
		}
		if s.consultedMonthsBefore == 0 {
			continue
		}
		c := s.consultation
		held := starts[s.place].AddDate(0, -s.consultedMonthsBefore, 0)
		if today := time.Now().In(record.London()); held.After(today) {
			held = today
		}
		c.HeldOn, c.Places, c.Interventions = held.Format(time.DateOnly), []int64{places[s.place]}, []int64{id}
		if _, err := consultations.Create(asAuthor, c); err != nil {
			return fmt.Errorf("demo consultation at %s: %w", s.place, err)
		}
	}
	return nil
}

// placeIDs looks up the demo places by name.
func placeIDs(ctx context.Context, pool *pgxpool.Pool, specs []demoSpec) (map[string]int64, error) {
	ids := map[string]int64{}
	for _, s := range specs {
		var id int64
		err := pool.QueryRow(ctx, `SELECT id FROM places WHERE name = $1 ORDER BY id LIMIT 1`, s.place).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, fmt.Errorf("demo place %q is not in the places register: register the demo places before the interventions", s.place)
		}
		if err != nil {
			return nil, fmt.Errorf("look up demo place %q: %w", s.place, err)
		}
		ids[s.place] = id
	}
	return ids, nil
}

// actingAs returns ctx acting as the user with email, or ctx itself when there is none.
func actingAs(ctx context.Context, pool *pgxpool.Pool, email string) (context.Context, error) {
	var id int64
	err := pool.QueryRow(ctx, `SELECT id FROM users WHERE lower(email) = lower($1)`, email).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return ctx, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up demo user %s: %w", email, err)
	}
	return audit.WithActor(ctx, audit.Actor{UserID: id, Email: email, RequestID: "demo"}), nil
}

// seedAnalysis saves, for every role, the hot spots of the year before the first intervention.
func seedAnalysis(ctx context.Context, pool *pgxpool.Pool, layers analysis.Layerer, b *demo.Borough, first time.Time) (int64, error) {
	from := first.AddDate(-1, 0, 0)
	if from.Before(b.Start) {
		from = b.Start
	}
	to := first.AddDate(0, 0, -1)
	params := map[string]string{"res": "9", "k": "1", "from": from.Format(time.DateOnly), "to": to.Format(time.DateOnly)}
	in := analysis.Input{Kind: analysis.KindHotspots, Audience: analysis.AudienceAll,
		Title: "Serious youth violence hot spots in the year before the place interventions (Gi*, resolution 9)"}
	in.Params = map[string]json.RawMessage{}
	for k, v := range params {
		in.Params[k] = json.RawMessage(strconv.Quote(v))
	}
	a, err := analysis.NewService(pool, layers).Save(ctx, in, auth.RoleAnalyst)
	if err != nil {
		return 0, fmt.Errorf("demo analysis: %w", err)
	}
	return a.ID, nil
}

// seedIntervention creates one demo intervention and takes it through its review.
func seedIntervention(asAuthor, asReviewer context.Context, store *intervention.Store, s demoSpec, place int64, start time.Time, intel int64) (int64, error) {
	cost := intervention.Pounds(s.costPounds * 100)
	in := intervention.Input{Title: s.title, Aim: s.aim, Methodology: s.methodology, Mechanism: s.mechanism, LeadAgency: s.lead,
		Partners: s.partners, Places: []int64{place}, StartDate: start.Format(time.DateOnly), Status: s.status,
		Cost: &cost, IntendedOutcomes: s.outcomes}
	if s.intelligence {
		in.Analyses = []int64{intel}
	}
	it, err := store.Create(asAuthor, in)
	if err != nil {
		return 0, err
	}
	steps := map[string][]string{intervention.ReviewDraft: nil, intervention.ReviewSubmitted: {intervention.ActionSubmit},
		intervention.ReviewReturned: {intervention.ActionSubmit, intervention.ActionReturn}, intervention.ReviewApproved: {intervention.ActionSubmit, intervention.ActionApprove}}[s.review]
	for _, action := range steps {
		ctx, role, comment := asAuthor, auth.RoleAnalyst, ""
		if action != intervention.ActionSubmit {
			ctx, role, comment = asReviewer, auth.RoleVRPLead, s.comment
		}
		if it, err = store.Transition(ctx, it.ID, it.Version, action, role, comment); err != nil {
			return 0, err
		}
	}
	return it.ID, nil
}
