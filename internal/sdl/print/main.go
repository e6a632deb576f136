// Command print writes the server's GraphQL schema as SDL to standard
// output: `go run ./internal/sdl/print > schema.graphql` (make schema).
package main

import (
	"os"

	"rapport/internal/sdl"
)

func main() {
	if _, err := os.Stdout.Write(sdl.Schema()); err != nil {
		os.Exit(1)
	}
}
