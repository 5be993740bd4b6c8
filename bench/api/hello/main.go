// Command hello is the baseline of bench/api/run.sh: a bare gin
// hello-world server (release mode, no middleware) answering
// GET /hello with the 13 bytes "Hello, World!".
//
//	hello -addr 127.0.0.1:8081
package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/gin-gonic/gin"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8081", "listen address host:port")
	flag.Parse()
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/hello", func(c *gin.Context) { c.String(http.StatusOK, "Hello, World!") })
	log.Fatal(http.ListenAndServe(*addr, r))
}
