package server

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
)

// The OpenAPI document is kept as one file per resource group in openapi/: base.json holds the
// document and the foundation's paths; every other file holds {"paths":{…},"schemas":{…}} to
// merge in. TestOpenAPIListsEveryRoute checks the merged document against the routes.
//
//go:embed openapi/*.json
var openAPIFiles embed.FS

var openAPIDocument = mustMergeOpenAPI()

func mustMergeOpenAPI() []byte {
	doc, err := mergeOpenAPI(openAPIFiles)
	if err != nil {
		panic(err) // the files are embedded: a bad one is a build mistake caught by every test
	}
	return doc
}

func mergeOpenAPI(files fs.FS) ([]byte, error) {
	var doc map[string]any
	base, err := fs.ReadFile(files, "openapi/base.json")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("openapi/base.json: %w", err)
	}
	paths := doc["paths"].(map[string]any)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	names, err := fs.Glob(files, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, name := range names {
		if name == "openapi/base.json" {
			continue
		}
		var part struct {
			Paths   map[string]any `json:"paths"`
			Schemas map[string]any `json:"schemas"`
		}
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for p, v := range part.Paths {
			if _, dup := paths[p]; dup {
				return nil, fmt.Errorf("%s: path %s is already described", name, p)
			}
			paths[p] = v
		}
		for n, v := range part.Schemas {
			schemas[n] = v
		}
	}
	return json.MarshalIndent(doc, "", " ")
}
