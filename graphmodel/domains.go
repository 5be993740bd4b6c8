package graphmodel

import (
	"context"
	"time"
)

// DomainRun describes one computation of knowledge domains that a store
// keeps beside its data, in the manner of the Graph Data Science library's
// write mode.
type DomainRun struct {
	// ID names the run; writing a run with the same ID replaces it.
	ID             string
	Classification string            // classification of the member industries
	Layers         []string          // keys of the layers the domains were computed from, "name@period"
	Method         string            // e.g. "leiden"
	Params         map[string]string // parameters of the computation
	CreatedAt      time.Time         // zero means now
}

// Domain is one knowledge domain of a run. Scores (e.g. "candidate_score",
// "density") are kept as properties of the domain.
type Domain struct {
	ID     int
	Label  string
	Scores map[string]float64
}

// Membership places one industry in one domain of a run, with its scores
// (e.g. "bridging_score", "participation").
type Membership struct {
	Code   string
	Domain int
	Scores map[string]float64
}

// DomainWriter is a store that keeps knowledge domains computed from its
// data (the Neo4j store; the embedded store keeps no results).
type DomainWriter interface {
	// WriteDomains writes a run with its domains and memberships at once,
	// replacing a run with the same ID. Every member must be an industry of
	// the run's classification and appear once, every domain ID once, and
	// score names must be lower-case identifiers with finite values;
	// otherwise EINVALID and nothing is written. Writing results does not
	// change the store version.
	WriteDomains(ctx context.Context, run DomainRun, domains []Domain, members []Membership) error
}
