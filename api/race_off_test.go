//go:build !race

package api

// raceEnabled is true when the test binary is built with -race.
const raceEnabled = false
