package ogc

// openAPI is the OpenAPI 3.0 definition of the OGC API at base (the oas30 conformance class).
func openAPI(base, title string) map[string]any {
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/parameters/" + name} }
	ok := func(desc string, types ...string) map[string]any {
		content := map[string]any{}
		for _, t := range types {
			content[t] = map[string]any{"schema": map[string]any{"type": "object"}}
		}
		return map[string]any{"200": map[string]any{"description": desc, "content": content},
			"400": map[string]any{"description": "a bad parameter"}, "401": map[string]any{"description": "no or a wrong bearer token"},
			"403": map[string]any{"description": "the role may not read this"}, "404": map[string]any{"description": "no such collection or feature"}}
	}
	get := func(id, summary string, params []any, responses map[string]any) map[string]any {
		return map[string]any{"get": map[string]any{"operationId": id, "summary": summary, "parameters": params, "responses": responses}}
	}
	return map[string]any{
		"openapi":  "3.0.3",
		"info":     map[string]any{"title": title, "version": "1.0.0", "description": "OGC API – Features (Part 1: Core) over placesafe's collections. Every request needs Authorization: Bearer <API token>."},
		"servers":  []any{map[string]any{"url": base}},
		"security": []any{map[string]any{"bearer": []any{}}},
		"paths": map[string]any{
			"/":                                 get("getLandingPage", "Landing page", []any{ref("f")}, ok("the landing page", mimeJSON, mimeHTML)),
			"/conformance":                      get("getConformanceDeclaration", "Conformance classes", []any{ref("f")}, ok("the conformance classes", mimeJSON, mimeHTML)),
			"/collections":                      get("getCollections", "Feature collections", []any{ref("f")}, ok("the collections", mimeJSON, mimeHTML)),
			"/collections/{collectionId}":       get("describeCollection", "One collection", []any{ref("collectionId"), ref("f")}, ok("the collection", mimeJSON, mimeHTML)),
			"/collections/{collectionId}/items": get("getFeatures", "A page of features", []any{ref("collectionId"), ref("limit"), ref("offset"), ref("bbox"), ref("datetime"), ref("f")}, ok("the features", mimeGeoJSON, mimeHTML)),
			"/collections/{collectionId}/items/{featureId}": get("getFeature", "One feature", []any{ref("collectionId"), ref("featureId"), ref("f")}, ok("the feature", mimeGeoJSON, mimeHTML)),
		},
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"parameters": map[string]any{
				"f":            map[string]any{"name": "f", "in": "query", "required": false, "schema": map[string]any{"type": "string", "enum": []string{"json", "html"}}},
				"collectionId": map[string]any{"name": "collectionId", "in": "path", "required": true, "schema": map[string]any{"type": "string"}},
				"featureId":    map[string]any{"name": "featureId", "in": "path", "required": true, "schema": map[string]any{"type": "string"}},
				"limit": map[string]any{"name": "limit", "in": "query", "required": false, "style": "form", "explode": false,
					"schema": map[string]any{"type": "integer", "minimum": 1, "maximum": MaxLimit, "default": DefaultLimit}},
				"offset": map[string]any{"name": "offset", "in": "query", "required": false, "schema": map[string]any{"type": "integer", "minimum": 0, "default": 0}},
				"bbox": map[string]any{"name": "bbox", "in": "query", "required": false, "style": "form", "explode": false,
					"schema": map[string]any{"type": "array", "minItems": 4, "maxItems": 6, "items": map[string]any{"type": "number"}}},
				"datetime": map[string]any{"name": "datetime", "in": "query", "required": false, "style": "form", "explode": false, "schema": map[string]any{"type": "string"}},
			},
		},
	}
}
