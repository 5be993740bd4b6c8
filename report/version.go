package report

import (
	"runtime"
	"runtime/debug"
)

// Version is what --version prints after "domainscope version ": release
// (the version set at build time) if any, else the module version or
// "devel" with the VCS revision Go recorded in the binary (and "-dirty" for
// uncommitted changes), then the Go version.
func Version(release string) string {
	v := release
	info, ok := debug.ReadBuildInfo()
	if v == "" && ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	if v == "" {
		v = "devel"
		if ok {
			var rev, dirty string
			for _, s := range info.Settings {
				switch s.Key {
				case "vcs.revision":
					rev = s.Value
				case "vcs.modified":
					if s.Value == "true" {
						dirty = "-dirty"
					}
				}
			}
			if rev != "" {
				v += " " + rev[:min(12, len(rev))] + dirty
			}
		}
	}
	return v + " (" + runtime.Version() + ")"
}
