package graphmodel

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// ring returns a closed ring of n positions (n ≥ 4) on the unit circle's square grid.
func ring(n int) string {
	pos := make([]string, n)
	for k := 0; k < n-1; k++ {
		pos[k] = fmt.Sprintf("[%d,%d]", k, k%2)
	}
	pos[n-1] = pos[0]
	return "[" + strings.Join(pos, ",") + "]"
}

func TestParseGeometry(t *testing.T) {
	for _, c := range []struct {
		in    string
		n     int
		error string
	}{
		{`{"type":"Polygon","coordinates":[` + ring(4) + `]}`, 4, ""},
		{`{"type":"MultiPolygon","coordinates":[[` + ring(5) + `],[` + ring(4) + `,` + ring(4) + `]]}`, 13, ""},
		{`{"type":"Polygon","coordinates":[[[0,0,7],[1,0,7],[1,1,7],[0,0,7]]],"bbox":[0,0,1,1]}`, 4, ""}, // a third coordinate is kept; other members dropped
		{`{"type":"Point","coordinates":[0,0]}`, 0, "expected Polygon or MultiPolygon"},
		{`{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`, 0, "has 3 positions"},
		{`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`, 0, "not closed"},
		{`{"type":"Polygon","coordinates":[[[0,0],[1],[1,1],[0,0]]]}`, 0, "expected [x, y]"},
		{`{"type":"Polygon","coordinates":[]}`, 0, "no rings"},
		{`{"type":"Polygon","coordinates":"x"}`, 0, "coordinates of the Polygon"},
		{`[1,2]`, 0, "not a JSON object"},
	} {
		g, n, err := ParseGeometry([]byte(c.in))
		if c.error != "" {
			if err == nil || !strings.Contains(err.Error(), c.error) {
				t.Errorf("%.50s: error %v, want %q", c.in, err, c.error)
			}
			continue
		}
		if err != nil || n != c.n || strings.Contains(string(g), "bbox") || !json.Valid(g) {
			t.Errorf("%.50s: %s, %d, %v; want %d positions", c.in, g, n, err, c.n)
		}
	}
}

// TestBoundariesLimits: more shapes than MaxBoundaryShapes, or more
// vertices than MaxBoundaryVertices in all, are EINVALID.
func TestBoundariesLimits(t *testing.T) {
	sq := json.RawMessage(`{"type":"Polygon","coordinates":[` + ring(4) + `]}`)
	many := make([]RegionShape, MaxBoundaryShapes+1)
	for k := range many {
		many[k] = RegionShape{Region: fmt.Sprint(k), Geometry: sq}
	}
	l := BoundariesLoad{Shapes: many}
	if err := l.Validate(); ErrorCode(err) != EINVALID || ErrorField(err) != "regions" || !strings.Contains(err.Error(), "5001 region shapes") {
		t.Errorf("%d shapes: %v", len(many), err)
	}
	big := json.RawMessage(`{"type":"Polygon","coordinates":[` + ring(MaxBoundaryVertices/2+1) + `]}`)
	l = BoundariesLoad{Shapes: []RegionShape{{Region: "a", Geometry: big}, {Region: "b", Geometry: big}}}
	if err := l.Validate(); ErrorCode(err) != EINVALID || ErrorField(err) != "geometry" || !strings.Contains(err.Error(), "500000 vertices") {
		t.Errorf("%d vertices: %v", MaxBoundaryVertices+2, err)
	}
	l = BoundariesLoad{Shapes: []RegionShape{{Region: "a", Geometry: big}}}
	if err := l.Validate(); err != nil {
		t.Errorf("%d vertices: %v, want accepted", MaxBoundaryVertices/2+1, err)
	}
	l = BoundariesLoad{Shapes: []RegionShape{{Region: "a", Geometry: sq}, {Region: "a", Geometry: sq}}}
	if err := l.Validate(); ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "two shapes") {
		t.Errorf("a region twice: %v", err)
	}
}
