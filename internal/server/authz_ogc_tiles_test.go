package server_test

// wantAccessOGC is the expected access of the OGC API's routes: the map layers as their
// /api/v1 routes, everything else for every signed-in role.
var wantAccessOGC = map[string]string{
	"GET /ogc":                                            signedIn,
	"GET /ogc/conformance":                                signedIn,
	"GET /ogc/api":                                        signedIn,
	"GET /ogc/collections":                                signedIn,
	"GET /ogc/collections/hotspots":                       mapReaders,
	"GET /ogc/collections/hotspots/items":                 mapReaders,
	"GET /ogc/collections/hotspots/items/:featureId":      mapReaders,
	"GET /ogc/collections/cells":                          mapReaders,
	"GET /ogc/collections/cells/items":                    mapReaders,
	"GET /ogc/collections/cells/items/:featureId":         mapReaders,
	"GET /ogc/collections/places":                         signedIn,
	"GET /ogc/collections/places/items":                   signedIn,
	"GET /ogc/collections/places/items/:featureId":        signedIn,
	"GET /ogc/collections/interventions":                  signedIn,
	"GET /ogc/collections/interventions/items":            signedIn,
	"GET /ogc/collections/interventions/items/:featureId": signedIn,
	"GET /ogc/collections/study-area":                     signedIn,
	"GET /ogc/collections/study-area/items":               signedIn,
	"GET /ogc/collections/study-area/items/:featureId":    signedIn,
	"GET /ogc/collections/:collectionId":                  signedIn,
	"GET /ogc/collections/:collectionId/items":            signedIn,
	"GET /ogc/collections/:collectionId/items/:featureId": signedIn,
}

// wantAccessTiles is the expected access of the vector tiles: as their GeoJSON routes.
var wantAccessTiles = map[string]string{
	"GET /api/v1/tiles/hotspots/:z/:x/:y": mapReaders,
	"GET /api/v1/tiles/cells/:z/:x/:y":    mapReaders,
	"GET /api/v1/tiles/places/:z/:x/:y":   signedIn,
}
