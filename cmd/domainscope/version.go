package main

import "github.com/domainscope/domainscope/report"

// version is the release version, set at build time with
// -ldflags "-X main.version=v1.2.3"; empty in development builds.
var version string

// versionText is what --version prints after "domainscope version "
// (report.Version).
func versionText() string { return report.Version(version) }
