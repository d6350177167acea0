package server_test

// wantAccessInterventions is the expected access of the routes of interventions,
// consultations, saved analyses and the VRP review.
var wantAccessInterventions = map[string]string{}
