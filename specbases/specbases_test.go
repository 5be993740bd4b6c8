package specbases

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/domainscope/domainscope/graph"
)

// handBases is one region with three units A, B, C:
//
//	jobs:         A 200, B 50, C 750 of 1000;  reference A 1000, B 1000, C 8000 of 10000
//	patents:      A 30, B 300, C 270 of 600;   reference A 1000, B 1000, C 3000 of 5000
//	publications: A 100, B 200, C 100 of 400;  reference A 1000, B 1000, C 2000 of 4000
func handBases() []Basis {
	return []Basis{
		{Measure: "employment", Kind: Jobs, Index: "LQ", Counts: []float64{200, 50, 750}, RegionTotal: 1000, Reference: []float64{1000, 1000, 8000}, ReferenceTotal: 10000},
		{Measure: "patents", Kind: Technology, Index: "RTA", Counts: []float64{30, 300, 270}, RegionTotal: 600, Reference: []float64{1000, 1000, 3000}, ReferenceTotal: 5000},
		{Measure: "publications", Kind: Science, Index: "RSA", Counts: []float64{100, 200, 100}, RegionTotal: 400, Reference: []float64{1000, 1000, 2000}, ReferenceTotal: 4000},
	}
}

func value(t *testing.T, c Cell) float64 {
	t.Helper()
	if c.Value == nil {
		t.Fatalf("cell %+v has no value", c)
	}
	return *c.Value
}

func TestCompareHand(t *testing.T) {
	rows, err := Compare(handBases(), Default())
	if err != nil {
		t.Fatal(err)
	}
	want := [][3]float64{
		// LQ = (x_ru/x_r·)/(x_·u/x_··): A (200/1000)/(1000/10000) = 2; B (50/1000)/0.1 = 0.5; C (750/1000)/0.8 = 0.9375.
		// RTA: A (30/600)/(1000/5000) = 0.25; B (300/600)/0.2 = 2.5; C (270/600)/0.6 = 0.75.
		// RSA: A (100/400)/(1000/4000) = 1; B (200/400)/0.25 = 2; C (100/400)/0.5 = 0.5.
		{2, 0.25, 1}, {0.5, 2.5, 2}, {0.9375, 0.75, 0.5},
	}
	for u, row := range rows {
		for k, c := range row.Cells {
			if got := value(t, c); math.Abs(got-want[u][k]) > 1e-12 {
				t.Errorf("unit %d %s = %g, want %g", u, c.Index, got, want[u][k])
			}
		}
	}
	// Publications: 400 in all is not more than 500, so every science cell is thin.
	for u, row := range rows {
		if c := row.Cells[2]; !c.Thin || c.Level != Thin || !strings.Contains(c.Note, "400 publications in all, not more than 500") {
			t.Errorf("unit %d science cell %+v: want thin with the region's total in the note", u, c)
		}
	}
	// A: jobs strong (LQ 2, 200 ≥ 100 jobs), RTA 0.25 weak, science thin: no match, said so.
	if rows[0].Match != NoMatch || rows[0].Cells[0].Level != Strong || rows[0].Cells[1].Level != Weak || !strings.Contains(rows[0].Why, "1 of 2 knowledge bases too thin") {
		t.Errorf("A = %+v, want no match because science is thin", rows[0])
	}
	// B: RTA 2.5 on 300 patents (≥ 10) is strong, LQ 0.5 < 1: latent, though 50 jobs is below 100 (flagged, still weak).
	if rows[1].Match != Latent || !rows[1].Cells[0].Thin || rows[1].Cells[0].Level != Weak {
		t.Errorf("B = %+v, want latent with a thin weak jobs cell", rows[1])
	}
	if !strings.Contains(rows[1].Why, "RTA 2.50 on 300") || !strings.Contains(rows[1].Why, "LQ 0.50 < 1") {
		t.Errorf("B's why %q does not quote RTA 2.50 on 300 and LQ 0.50", rows[1].Why)
	}
	// C: LQ 0.94, RTA 0.75: nothing strong.
	if rows[2].Match != NoMatch || rows[2].Cells[1].Level != Weak {
		t.Errorf("C = %+v, want no match", rows[2])
	}
}

func TestCompareRules(t *testing.T) {
	// Jobs and patents only: A has LQ 2 with every knowledge basis weak (RTA 0.25): jobs without a knowledge base.
	rows, err := Compare(handBases()[:2], Default())
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Match != JobsOnly {
		t.Errorf("A without publications = %+v, want jobs-only", rows[0])
	}
	// With MinTotal 300 science counts (400 > 300): A's RSA is exactly 1 ≥ Strong 1 on 100 publications, with LQ 2 strong: matched.
	p := Default()
	p.MinTotal = 300
	if rows, err = Compare(handBases(), p); err != nil {
		t.Fatal(err)
	}
	if rows[0].Match != Matched || rows[2].Cells[2].Level != Weak {
		t.Errorf("MinTotal 300: A = %+v, C science %+v; want matched and weak (RSA 0.5)", rows[0], rows[2].Cells[2])
	}
	// Strong 3: B's RTA 2.5 and RSA 2 are only moderate, so B is no longer latent.
	p.Strong = 3
	if rows, err = Compare(handBases(), p); err != nil {
		t.Fatal(err)
	}
	if rows[1].Match != NoMatch || rows[1].Cells[1].Level != Moderate {
		t.Errorf("Strong 3: B = %+v, want no match, RTA moderate", rows[1])
	}
	// MinCell 400: B's 300 patents are too few for its RTA 2.5 to count: thin, not latent.
	p = Default()
	p.MinCell = 400
	if rows, err = Compare(handBases(), p); err != nil {
		t.Fatal(err)
	}
	if c := rows[1].Cells[1]; rows[1].Match != NoMatch || c.Level != Thin || !c.Thin || !strings.Contains(c.Note, "300 patents here, fewer than 400") {
		t.Errorf("MinCell 400: B = %+v, want a thin RTA cell and no match", rows[1])
	}
	// A unit without reference counts is undefined, never weak.
	b := handBases()[:2]
	b[1].Counts[0], b[1].Reference[0], b[1].RegionTotal, b[1].ReferenceTotal = 0, 0, 570, 4000
	if rows, err = Compare(b, Default()); err != nil {
		t.Fatal(err)
	}
	if c := rows[0].Cells[1]; c.Value != nil || c.Level != Undefined || rows[0].Match != NoMatch {
		t.Errorf("no reference patents: A = %+v, want an undefined RTA and no match", rows[0])
	}
}

func TestCompareBadInput(t *testing.T) {
	isArg := func(err error) bool {
		var ae *graph.ArgumentError
		return errors.As(err, &ae)
	}
	for _, c := range []struct {
		field string
		edit  func(p *Params)
	}{
		{"min_total", func(p *Params) { p.MinTotal = -1 }},
		{"min_cell", func(p *Params) { p.MinCell = math.NaN() }},
		{"min_jobs", func(p *Params) { p.MinJobs = -5 }},
		{"strong", func(p *Params) { p.Strong = 0.5 }},
	} {
		p := Default()
		c.edit(&p)
		field, err := p.Check()
		if field != c.field || !isArg(err) {
			t.Errorf("%s: Check = %q, %v; want the field and an argument error", c.field, field, err)
		}
		if _, err := Compare(handBases(), p); !isArg(err) {
			t.Errorf("%s: Compare error %v, want an argument error", c.field, err)
		}
	}
	bad := handBases()
	bad[0], bad[1] = bad[1], bad[0]
	if _, err := Compare(bad, Default()); !isArg(err) {
		t.Errorf("patents first: %v, want an argument error", err)
	}
	bad = handBases()
	bad[1].Counts[1] = 2000 // above its reference 1000
	if _, err := Compare(bad, Default()); !isArg(err) || !strings.Contains(err.Error(), "count 2000 and reference 1000") {
		t.Errorf("count above reference: %v", err)
	}
	bad = handBases()
	bad[2].Counts = bad[2].Counts[:2]
	if _, err := Compare(bad, Default()); !isArg(err) {
		t.Errorf("short counts: %v", err)
	}
}
