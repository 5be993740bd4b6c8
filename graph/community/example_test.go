package community_test

import (
	"context"
	"fmt"

	"github.com/domainscope/domainscope/graph"
	"github.com/domainscope/domainscope/graph/community"
)

// Two triangles joined by one link split into the two triangles. With m = 7
// links, each triangle holds 3 links and a degree sum of 7, so
// Q = 2 × (3/7 − (7/14)²) = 0.3571.
func ExampleLeiden() {
	g, err := graph.NewGraph(6, []graph.Edge{
		{I: 0, J: 1, W: 1}, {I: 1, J: 2, W: 1}, {I: 0, J: 2, W: 1}, // triangle 0–1–2
		{I: 3, J: 4, W: 1}, {I: 4, J: 5, W: 1}, {I: 3, J: 5, W: 1}, // triangle 3–4–5
		{I: 2, J: 3, W: 1}, // the link between them
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := community.Leiden(context.Background(), g, community.DefaultOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("communities %v, K = %d, Q = %.4f\n", p.Community, p.K, p.Modularity)
	// Output:
	// communities [0 0 0 1 1 1], K = 2, Q = 0.3571
}
