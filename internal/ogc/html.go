package ogc

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"sort"

	"github.com/labstack/echo/v4"
)

// The HTML encoding: plain pages a person can read in a browser, with the same values as the
// JSON (the feature properties are shown as the service encoded them).

type itemsPage struct {
	Collection *Collection
	Features   []*Feature
	Matched    int
	Offset     int
	Links      []link
}

type htmlFeature struct {
	ID         string
	Properties [][2]string
}

var pages = template.Must(template.New("ogc").Funcs(template.FuncMap{
	"json": func(v any) string { b, _ := json.MarshalIndent(v, "", "  "); return string(b) },
	"props": func(fs []*Feature) []htmlFeature {
		out := make([]htmlFeature, 0, len(fs))
		for _, f := range fs {
			var obj struct {
				Properties map[string]json.RawMessage `json:"properties"`
			}
			// A feature's JSON was written by the service; one that does not read shows no properties.
			_ = json.Unmarshal(f.JSON, &obj)
			hf := htmlFeature{ID: f.ID}
			for k, v := range obj.Properties {
				hf.Properties = append(hf.Properties, [2]string{k, string(v)})
			}
			sort.Slice(hf.Properties, func(i, j int) bool { return hf.Properties[i][0] < hf.Properties[j][0] })
			out = append(out, hf)
		}
		return out
	},
}).Parse(`
{{define "head"}}<!doctype html><html lang="en"><head><meta charset="utf-8"><title>placesafe OGC API</title>
<style>body{font-family:sans-serif;margin:1.5rem;max-width:70rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}pre{background:#f4f4f4;padding:.5rem;overflow:auto}</style></head><body>
<p><a href="/ogc?f=html">Landing page</a> · <a href="/ogc/collections?f=html">Collections</a> · <a href="/ogc/conformance?f=html">Conformance</a></p>{{end}}
{{define "landing"}}{{template "head"}}<h1>{{.title}}</h1><p>{{.description}}</p><ul>{{range .links}}<li><a href="{{.Href}}">{{.Title}}</a> ({{.Rel}})</li>{{end}}</ul></body></html>{{end}}
{{define "conformance"}}{{template "head"}}<h1>Conformance</h1><ul>{{range .conformsTo}}<li>{{.}}</li>{{end}}</ul></body></html>{{end}}
{{define "api"}}{{template "head"}}<h1>API definition</h1><pre>{{json .}}</pre></body></html>{{end}}
{{define "collections"}}{{template "head"}}<h1>Collections</h1><table><tr><th>id</th><th>title</th><th>description</th></tr>{{range .collections}}<tr><td><a href="/ogc/collections/{{.id}}?f=html">{{.id}}</a></td><td>{{.title}}</td><td>{{.description}}</td></tr>{{end}}</table></body></html>{{end}}
{{define "collection"}}{{template "head"}}<h1>{{.title}}</h1><p>{{.description}}</p><p><a href="/ogc/collections/{{.id}}/items?f=html">Features</a></p><pre>{{json .extent}}</pre></body></html>{{end}}
{{define "items"}}{{template "head"}}<h1>{{.Collection.Title}}</h1><p>{{.Matched}} features; from {{.Offset}}.</p>
<p>{{range .Links}}<a href="{{.Href}}">{{.Title}}</a> · {{end}}</p>
{{range props .Features}}<h2>{{.ID}}</h2><table>{{range .Properties}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>{{end}}</table>{{end}}</body></html>{{end}}
`))

func renderHTML(c echo.Context, name string, data any) error {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		return err
	}
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}
