package hotspot

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/incident"
)

// Service runs analyses on the database.
type Service struct {
	pool   *pgxpool.Pool
	grids  *grids
	cache  *aggCache
	index  *cellcount.Index
	heavy  *limiter
	policy disclosure.Policy
	syv    incident.AgeScope
	log    *slog.Logger

	recordsOnly bool // every analysis reads the records (tests compare the two ways)
	// OnCacheLookup, when set, is told whether each aggregate came from the cache.
	OnCacheLookup func(hit bool)
}

// NewService returns a Service that publishes by the given disclosure policy, with syv as the
// age scope of incidents unless a request asks for all ages.
func NewService(pool *pgxpool.Pool, areas *area.Store, policy disclosure.Policy, syv incident.AgeScope, log *slog.Logger) *Service {
	return &Service{pool: pool, grids: &grids{areas: areas, by: map[gridKey]*grid{}}, cache: newAggCache(DefaultAggregateCache),
		index: cellcount.NewIndex(pool, log), heavy: newLimiter(DefaultAnalysisConcurrency, DefaultAnalysisWait),
		policy: policy, syv: syv, log: log}
}

// AgeScope resolves a scope name ("" for the default, the SYV scope) for viewer v. Roles
// without record-level access see the SYV scope only, in every output: two scopes of the same
// atoms would differ by the records of the other ages, however few.
func (s *Service) AgeScope(name string, v disclosure.Viewer) (incident.AgeScope, error) {
	if name == "" {
		return s.syv, nil
	}
	sc, err := s.syv.Named(name)
	if err != nil {
		return sc, apperr.Errorf(apperr.Invalid, "%v", err)
	}
	if v.Protected() && sc.IsAll() {
		return sc, apperr.Errorf(apperr.Forbidden, "roles without record-level access see the serious youth violence scope only; scope=all is for roles with record-level access (admin, analyst)")
	}
	return sc, nil
}

// LimitAnalyses bounds the heavy computations running at once to n; a request waits at most
// wait for a place before it is answered 503.
func (s *Service) LimitAnalyses(n int, wait time.Duration) { s.heavy = newLimiter(n, wait) }

// CacheAggregates keeps at most n aggregates for repeated map requests; 0 keeps none, so that
// every request aggregates the records afresh (as the benchmarks of a cold query need).
// Call it before the service answers requests.
func (s *Service) CacheAggregates(n int) { s.cache = newAggCache(n) }

// Load brings the in-memory cell index up to date with the database (it would otherwise load
// on the first map request).
func (s *Service) Load(ctx context.Context) error {
	_, err := s.index.Load(ctx)
	return err
}

// Index is the in-memory cell index the service sums.
func (s *Service) Index() *cellcount.Index { return s.index }

// Policy is the disclosure policy the service publishes by.
func (s *Service) Policy() disclosure.Policy { return s.policy }

// GiOptions are the parameters of a hot spot analysis.
type GiOptions struct {
	K      int
	Kernel geo.Kernel
	FDR    bool
	Harm   bool // analyse the harm-weighted value instead of the count
}

// Hotspots is a Gi* result per cell.
type Hotspots struct {
	*Aggregate
	Z, P []float64
	Bin  []int
}

// Hotspots aggregates f's records over the study area and runs Gi* on them. For a viewer
// without record-level access Gi* runs on the published counts, so its z-scores are a
// function of what that viewer is shown and cannot be solved back into hidden counts.
func (s *Service) Hotspots(ctx context.Context, f Filter, o GiOptions, v disclosure.Viewer) (*Hotspots, error) {
	if v.Protected() && o.Harm {
		return nil, apperr.Errorf(apperr.Forbidden, "harm-weighted analysis is for roles with record-level access (admin, analyst)")
	}
	agg, gr, err := s.cachedAggregate(ctx, f, v)
	if err != nil {
		return nil, err
	}
	return s.giStar(agg, gr, o)
}

// filterFor reads a filter from query parameters as the GET routes take them, for a caller
// of the given role: roles below record-level access are held to the filters they may use.
func (s *Service) filterFor(q url.Values, role string) (Filter, disclosure.Viewer, error) {
	v := s.policy.For(role)
	f, err := ParseFilter(q, DefaultRes, s.syv)
	if err != nil {
		return f, v, err
	}
	if v.Protected() {
		if err := f.restrict(); err != nil {
			return f, v, err
		}
	}
	return f, v, nil
}

// scoped resolves f for v and the request: its local areas are those the request's area.Viewer
// sees (of f.Areas, when set), and its age scope v's, a filter built in code without one getting
// the deployment's SYV scope, so that every output for a viewer is of the same scope.
//
// A protected viewer's atoms are split by local area too (records in none being an atom of
// their own; in a deployment without local areas that is every record, and so no split):
// otherwise a viewer of the whole deployment could narrow to one area (X-Local-Area) and take
// the difference of the two answers, which would show another area's small counts, or those
// of records a redraw left in no area.
func (s *Service) scoped(ctx context.Context, f Filter, v disclosure.Viewer) (Filter, error) {
	sa, err := s.grids.areas.Get(ctx)
	if err != nil {
		return f, err
	}
	f.Areas = viewedAreas(sa, f.Areas, area.ViewerFrom(ctx))
	f.perArea = v.Protected()
	if f.Kind != KindIncidents {
		f.AgeScope = incident.AgeScope{Name: incident.AgeScopeAll}
		return f, nil
	}
	sc, err := s.AgeScope(f.AgeScope.Name, v)
	f.AgeScope = sc
	return f, err
}

// viewedAreas are the local areas of sa, in id order, that both areas (nil: every one) and
// viewer see; nil when that is every local area and viewer sees the whole deployment, so that
// such a request is the whole deployment's (and shares its cache). A viewer of every local
// area is still not one of the whole deployment: records a redraw left outside every area
// are not theirs.
func viewedAreas(sa *area.StudyArea, areas []int64, viewer area.Viewer) []int64 {
	if sa == nil || (areas == nil && viewer.All) {
		return nil
	}
	out := []int64{}
	for _, l := range sa.Locals {
		if viewer.Sees(l.ID) && (areas == nil || slices.Contains(areas, l.ID)) {
			out = append(out, l.ID)
		}
	}
	if viewer.All && len(out) == len(sa.Locals) {
		return nil
	}
	return out
}

// giStar runs Gi* on an aggregate.
func (s *Service) giStar(agg *Aggregate, gr *grid, o GiOptions) (*Hotspots, error) {
	values := make([]float64, len(agg.Cells))
	for i := range values {
		values[i] = agg.Measure(i, o.Harm)
	}
	nb, err := neighbours(gr, agg.Cells, o.K, o.Kernel)
	if err != nil {
		return nil, err
	}
	z, err := geo.GiStar(values, nb)
	if err != nil {
		return nil, fmt.Errorf("gi*: %w", err)
	}
	p := make([]float64, len(z))
	for i := range z {
		p[i] = geo.PValueTwoSided(z[i])
	}
	bins, err := geo.ConfidenceBins(z, p, o.FDR)
	if err != nil {
		return nil, fmt.Errorf("confidence bins: %w", err)
	}
	return &Hotspots{Aggregate: agg, Z: z, P: p, Bin: bins}, nil
}

// neighbours are the grid's cached lists, unless the data added edge cells (see accepts), in
// which case they are computed for this cell set.
func neighbours(gr *grid, cells []h3.Cell, k int, kern geo.Kernel) ([][]geo.Neighbour, error) {
	if len(cells) == len(gr.cells) {
		return gr.neighboursFor(k, kern)
	}
	return geo.CellNeighbours(cells, k, kern)
}

// finite replaces NaN and infinities (which JSON cannot carry) by zero.
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}
