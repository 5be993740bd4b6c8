package demo

import (
	"bytes"
	"embed"
	"strings"

	"github.com/domainscope/domainscope/graphmodel"
	"github.com/domainscope/domainscope/ingest"
)

// The seeds' worked examples of priority sets, embedded as CSV files
// (group,code,name; comment lines state the source and the project's
// assumptions) and applied to the demo's NACE Rev. 2 divisions.

//go:embed priorities/*.csv
var priorityFiles embed.FS

// PriorityExample is a worked example of comparing priority sets on the
// demo data.
type PriorityExample struct {
	Name  string `json:"name"`  // e.g. "piedmont"
	Title string `json:"title"` // what it shows
	// Old and New are the embedded files of the two sets; Old is "" when
	// the old set is a region's established specialisations by knowledge
	// domain (analysis.RegionPriorities).
	Old string `json:"old,omitempty"`
	New string `json:"new"`
	// Regions are the demo regions summed into the region the example is
	// about (empty for a comparison of two sets).
	Regions []string `json:"regions,omitempty"`
	// Seed cites the seed line the example follows.
	Seed string `json:"seed"`
}

// PriorityExamples are the worked examples, by name.
var PriorityExamples = []PriorityExample{
	{Name: "piedmont", Title: "Piedmont's 12 innovation clusters of 2009 realigned into 7 S3 priorities in 2015",
		Old: "piedmont_clusters_2009.csv", New: "piedmont_s3_2015.csv",
		Seed: "seeds/002_0b1c7e872b872596.txt line 27"},
	// Tallis (capital services, creative industries) with Dunmore Flats
	// (rural, energy) stands in for the capital city-state and its rural
	// neighbour with energy.
	{Name: "innobb", Title: "The five innoBB clusters of Berlin-Brandenburg against a demo capital region's specialisations",
		New: "innobb_clusters.csv", Regions: []string{"Tallis", "Dunmore Flats"},
		Seed: "seeds/004_36b61e2df8ed8e37.txt line 81"},
}

// FindPriorityExample returns the example of that name (ignoring case), or
// EINVALID (Field "example") naming the examples there are.
func FindPriorityExample(name string) (PriorityExample, error) {
	var names []string
	for _, e := range PriorityExamples {
		if strings.EqualFold(e.Name, name) {
			return e, nil
		}
		names = append(names, e.Name)
	}
	return PriorityExample{}, graphmodel.FieldErrorf(graphmodel.EINVALID, "example", "no priority example %q: expected one of %s", name, strings.Join(names, ", "))
}

// Sets reads the example's embedded sets; old is nil when the old set is
// the region's specialisations.
func (e PriorityExample) Sets() (old *graphmodel.PrioritySet, new graphmodel.PrioritySet, err error) {
	if e.Old != "" {
		s, err := readPriorityFile(e.Old)
		if err != nil {
			return nil, new, err
		}
		old = &s
	}
	new, err = readPriorityFile(e.New)
	return old, new, err
}

// PriorityFile returns an embedded priority file's CSV text.
func PriorityFile(name string) ([]byte, error) {
	b, err := priorityFiles.ReadFile("priorities/" + name)
	if err != nil {
		return nil, graphmodel.WrapError(graphmodel.ENOTFOUND, err, "no embedded priority file %q", name)
	}
	return b, nil
}

func readPriorityFile(name string) (graphmodel.PrioritySet, error) {
	b, err := PriorityFile(name)
	if err != nil {
		return graphmodel.PrioritySet{}, err
	}
	return ingest.ReadPrioritySetFrom("demo:"+name, strings.TrimSuffix(name, ".csv"), bytes.NewReader(b), ingest.CodeFormat{})
}
