// Package web is the explorer page that domainscope serve shows at "/": plain
// HTML, CSS and JavaScript embedded with go:embed (no build step), calling
// the HTTP API under /api/v1. Its networks are drawn with Cytoscape.js and
// the fCoSE layout, vendored in static/vendor (pinned in vendor/VERSIONS,
// with their licences; scripts/update-web-vendor refreshes them), so the page
// loads nothing from outside the binary.
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

//go:embed static
var static embed.FS

// Assets is the prefix under which the page's CSS and JavaScript are served.
const Assets = "/web/"

// Files returns the embedded files (index.html, style.css, the scripts and vendor/).
func Files() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded directory always exists
	}
	return sub
}

// Mount serves the page at "/" to browsers (requests accepting text/html)
// and its assets under /web/; other requests to "/" (curl, API clients) get
// index, the API's JSON index.
func Mount(e *gin.Engine, index gin.HandlerFunc) {
	files := http.FileServer(http.FS(Files()))
	page, _ := fs.ReadFile(Files(), "index.html")
	e.GET("/", func(c *gin.Context) {
		if !strings.Contains(c.GetHeader("Accept"), "text/html") {
			index(c)
			return
		}
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "text/html; charset=utf-8", page)
	})
	e.GET(Assets+"*file", func(c *gin.Context) {
		c.Header("Cache-Control", "no-cache")
		c.Request.URL.Path = strings.TrimPrefix(c.Request.URL.Path, strings.TrimSuffix(Assets, "/"))
		files.ServeHTTP(c.Writer, c.Request)
	})
}
