package export

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestExportsCarryQValue: a link's q-value reaches every export format; a
// link without one (a layer without evidence) has none.
func TestExportsCarryQValue(t *testing.T) {
	v := testView() // a–b on labour has q = 0.003; a–b on copatent and a–c on labour none
	gexf, err := GEXFXML(v)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gexf), `<attribute id="q_value" title="q_value" type="double">`) ||
		strings.Count(string(gexf), `<attvalue for="q_value" value="0.003">`) != 1 || strings.Count(string(gexf), `for="q_value"`) != 1 {
		t.Errorf("GEXF lacks the q_value attribute of one edge:\n%s", gexf)
	}
	gml, err := GraphMLXML(v)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gml), `<key id="e_q_value" for="edge" attr.name="q_value" attr.type="double">`) ||
		strings.Count(string(gml), `<data key="e_q_value">0.003</data>`) != 1 || strings.Count(string(gml), `key="e_q_value"`) != 1 {
		t.Errorf("GraphML lacks the q_value of one edge:\n%s", gml)
	}
	for name, write := range map[string]func() ([]byte, error){
		"cytoscape":  func() ([]byte, error) { return CytoscapeJSON(v) },
		"graphology": func() ([]byte, error) { return GraphologyJSON(v) },
	} {
		b, err := write()
		if err != nil {
			t.Fatal(err)
		}
		var doc any
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		if strings.Count(string(b), `"q_value":0.003`) != 1 || strings.Count(string(b), `"q_value"`) != 1 {
			t.Errorf("%s: want one q_value 0.003:\n%s", name, b)
		}
	}
}
