package server_test

// wantAccessPlaces is the expected access of the places register's routes.
var wantAccessPlaces = map[string]string{}
