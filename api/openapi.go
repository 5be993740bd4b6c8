package api

import (
	_ "embed"
	"encoding/json"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gin-gonic/gin"

	"github.com/domainscope/domainscope/graphmodel"
)

// openapiYAML is the OpenAPI 3 document of the API, checked against the
// routes by TestOpenAPIMatchesRoutes.
//
//go:embed openapi.yaml
var openapiYAML []byte

var openapiDoc = sync.OnceValues(func() (*rep, error) {
	doc, err := LoadOpenAPI()
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	return newRep(b, "application/json; charset=utf-8", ""), nil
})

// LoadOpenAPI parses the embedded OpenAPI document.
func LoadOpenAPI() (*openapi3.T, error) {
	return openapi3.NewLoader().LoadFromData(openapiYAML)
}

func (s *Server) openapi(c *gin.Context) {
	r, err := openapiDoc()
	if err != nil {
		s.fail(c, graphmodel.WrapError(graphmodel.EINTERNAL, err, "the OpenAPI document does not load"))
		return
	}
	s.write(c, r)
}
