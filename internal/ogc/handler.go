package ogc

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/paulmach/orb"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/auth"
)

// Base is the path the OGC API is served under.
const Base = "/ogc"

// Handler serves the landing page, conformance, the API description and the collections.
type Handler struct {
	Title, Description string
	// Collections lists the collections a role may read, in the order shown; a static
	// collection a role may not read is left out by the caller.
	Collections func(ctx context.Context, role string) ([]*Collection, error)
	// Extent is the spatial extent every collection lies in (the study area's bound); ok is
	// false when there is none yet.
	Extent func(ctx context.Context) (b orb.Bound, ok bool, err error)
}

type link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

const (
	mimeJSON    = "application/json"
	mimeGeoJSON = "application/geo+json"
	mimeHTML    = "text/html"
	mimeOpenAPI = "application/vnd.oai.openapi+json;version=3.0"
)

// baseURL is the service's URL as the client reached it (behind a proxy, its scheme as the
// proxy says).
func baseURL(c echo.Context) string { return c.Scheme() + "://" + c.Request().Host + Base }

// wantsHTML reports whether the client asked for HTML: f=html, or a browser's Accept header.
func wantsHTML(c echo.Context) bool {
	switch c.QueryParam("f") {
	case "html":
		return true
	case "json", "geojson":
		return false
	}
	accept := c.Request().Header.Get("Accept")
	return strings.Contains(accept, mimeHTML) && !strings.Contains(accept, "json")
}

// respond answers v as JSON of type mime, or as HTML through page when asked.
func respond(c echo.Context, mime string, v any, page func() (string, any)) error {
	if wantsHTML(c) && page != nil {
		name, data := page()
		return renderHTML(c, name, data)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, mime, b)
}

func role(c echo.Context) string { return auth.CurrentUser(c).Role }

// Landing answers the landing page.
func (h *Handler) Landing(c echo.Context) error {
	b := baseURL(c)
	doc := map[string]any{"title": h.Title, "description": h.Description, "links": []link{
		{b, "self", mimeJSON, "this document"},
		{b + "?f=html", "alternate", mimeHTML, "this document as HTML"},
		{b + "/api", "service-desc", mimeOpenAPI, "the API definition"},
		{b + "/api?f=html", "service-doc", mimeHTML, "the API documentation"},
		{b + "/conformance", "conformance", mimeJSON, "OGC API conformance classes implemented by this server"},
		{b + "/collections", "data", mimeJSON, "the feature collections"},
	}}
	return respond(c, mimeJSON, doc, func() (string, any) { return "landing", doc })
}

// ConformanceClasses answers the conformance declaration.
func (h *Handler) ConformanceClasses(c echo.Context) error {
	doc := map[string]any{"conformsTo": Conformance}
	return respond(c, mimeJSON, doc, func() (string, any) { return "conformance", doc })
}

// API answers the OpenAPI 3.0 definition of the OGC API.
func (h *Handler) API(c echo.Context) error {
	doc := openAPI(baseURL(c), h.Title)
	if wantsHTML(c) {
		return renderHTML(c, "api", doc)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, mimeOpenAPI, b)
}

// describe is a collection's metadata as /collections lists it.
func (h *Handler) describe(c echo.Context, col *Collection) (map[string]any, error) {
	b := baseURL(c) + "/collections/" + url.PathEscape(col.ID)
	d := map[string]any{"id": col.ID, "title": col.Title, "description": col.Description, "itemType": "feature",
		"crs": []string{crs84}, "storageCrs": crs84,
		"links": []link{
			{b, "self", mimeJSON, col.Title},
			{b + "?f=html", "alternate", mimeHTML, col.Title + " as HTML"},
			{b + "/items", "items", mimeGeoJSON, col.Title + " as GeoJSON"},
			{b + "/items?f=html", "items", mimeHTML, col.Title + " as HTML"},
		}}
	ext, ok, err := h.Extent(c.Request().Context())
	if err != nil {
		return nil, err
	}
	if ok {
		d["extent"] = map[string]any{"spatial": map[string]any{"bbox": [][]float64{{ext.Min[0], ext.Min[1], ext.Max[0], ext.Max[1]}}, "crs": crs84}}
	}
	return d, nil
}

// List answers /collections.
func (h *Handler) List(c echo.Context) error {
	cols, err := h.Collections(c.Request().Context(), role(c))
	if err != nil {
		return err
	}
	b := baseURL(c) + "/collections"
	list := []map[string]any{}
	for _, col := range cols {
		d, err := h.describe(c, col)
		if err != nil {
			return err
		}
		list = append(list, d)
	}
	doc := map[string]any{"collections": list, "links": []link{{b, "self", mimeJSON, "collections"}, {b + "?f=html", "alternate", mimeHTML, "collections as HTML"}}}
	return respond(c, mimeJSON, doc, func() (string, any) { return "collections", doc })
}

// Collection answers one collection's metadata.
func (h *Handler) Collection(col *Collection) echo.HandlerFunc {
	return func(c echo.Context) error {
		d, err := h.describe(c, col)
		if err != nil {
			return err
		}
		return respond(c, mimeJSON, d, func() (string, any) { return "collection", d })
	}
}

// Items answers a page of a collection's features.
func (h *Handler) Items(col *Collection) echo.HandlerFunc {
	return func(c echo.Context) error {
		q := c.QueryParams()
		iq, fs, err := loadItems(c, q, col)
		if err != nil {
			return err
		}
		matched := make([]*Feature, 0, len(fs.Items))
		for i := range fs.Items {
			f := &fs.Items[i]
			if iq.bbox != nil && !f.intersects(*iq.bbox) {
				continue
			}
			if (!iq.from.IsZero() || !iq.to.IsZero()) && !f.inInterval(iq.from, iq.to) {
				continue
			}
			matched = append(matched, f)
		}
		page := matched[min(iq.offset, len(matched)):min(iq.offset+iq.limit, len(matched))]
		self := baseURL(c) + "/collections/" + url.PathEscape(col.ID) + "/items"
		links := []link{{pageURL(self, q, iq.offset, "json"), "self", mimeGeoJSON, "this page"},
			{pageURL(self, q, iq.offset, "html"), "alternate", mimeHTML, "this page as HTML"}}
		if iq.offset+iq.limit < len(matched) {
			links = append(links, link{pageURL(self, q, iq.offset+iq.limit, ""), "next", mimeGeoJSON, "next page"})
		}
		if iq.offset > 0 {
			links = append(links, link{pageURL(self, q, max(0, iq.offset-iq.limit), ""), "prev", mimeGeoJSON, "previous page"})
		}
		if iq.html {
			return renderHTML(c, "items", itemsPage{Collection: col, Features: page, Matched: len(matched), Offset: iq.offset, Links: links})
		}
		return c.Blob(http.StatusOK, mimeGeoJSON, featureCollection(page, fs.Meta, len(matched), links))
	}
}

// loadItems reads the items parameters q and loads the collection's features as the caller's
// role may see them, for the interval asked.
func loadItems(c echo.Context, q url.Values, col *Collection) (itemsQuery, *Features, error) {
	iq, err := parseItems(q, col, wantsHTML(c))
	if err != nil {
		return iq, nil, err
	}
	fs, err := col.Load(c.Request().Context(), Request{Role: role(c), From: iq.from, To: iq.to, Query: iq.own})
	return iq, fs, err
}

// pageURL is the items URL with the request's parameters and another offset (and encoding).
func pageURL(self string, q url.Values, offset int, f string) string {
	v := url.Values{}
	for k, vs := range q {
		v[k] = vs
	}
	v.Set("offset", strconv.Itoa(offset))
	if f != "" {
		v.Set("f", f)
	}
	return self + "?" + v.Encode()
}

func featureCollection(page []*Feature, meta json.RawMessage, matched int, links []link) []byte {
	b := []byte(`{"type":"FeatureCollection","numberMatched":`)
	b = strconv.AppendInt(b, int64(matched), 10)
	b = append(b, `,"numberReturned":`...)
	b = strconv.AppendInt(b, int64(len(page)), 10)
	b = append(b, `,"timeStamp":`...)
	b = strconv.AppendQuote(b, time.Now().UTC().Format(time.RFC3339))
	lb, _ := json.Marshal(links) // links are strings only: marshalling them cannot fail
	b = append(b, `,"links":`...)
	b = append(b, lb...)
	if meta != nil {
		b = append(b, `,"meta":`...)
		b = append(b, meta...)
	}
	b = append(b, `,"features":[`...)
	for i, f := range page {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, f.JSON...)
	}
	return append(b, "]}"...)
}

// Item answers one feature by id.
func (h *Handler) Item(col *Collection) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Param("featureId")
		iq, fs, err := loadItems(c, c.QueryParams(), col)
		if err != nil {
			return err
		}
		for i := range fs.Items {
			f := &fs.Items[i]
			if f.ID != id {
				continue
			}
			self := baseURL(c) + "/collections/" + url.PathEscape(col.ID) + "/items/" + url.PathEscape(id)
			links := []link{{self, "self", mimeGeoJSON, "this feature"}, {self + "?f=html", "alternate", mimeHTML, "this feature as HTML"},
				{baseURL(c) + "/collections/" + url.PathEscape(col.ID), "collection", mimeJSON, col.Title}}
			if iq.html {
				return renderHTML(c, "items", itemsPage{Collection: col, Features: []*Feature{f}, Matched: 1, Links: links})
			}
			var obj map[string]json.RawMessage
			if err := json.Unmarshal(f.JSON, &obj); err != nil {
				return err
			}
			lb, err := json.Marshal(links)
			if err != nil {
				return fmt.Errorf("feature links: %w", err)
			}
			obj["links"] = lb
			b, err := json.Marshal(obj)
			if err != nil {
				return fmt.Errorf("feature %s: %w", id, err)
			}
			return c.Blob(http.StatusOK, mimeGeoJSON, b)
		}
		return apperr.Errorf(apperr.NotFound, "collection %s has no feature %q", col.ID, id)
	}
}
