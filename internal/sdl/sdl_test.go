package sdl_test

import (
	"bytes"
	"os"
	"testing"

	"rapport/internal/sdl"
)

// TestSchemaFileMatchesServer fails when schema.graphql at the repository
// root differs from the schema the server runs: run `make schema`.
func TestSchemaFileMatchesServer(t *testing.T) {
	committed, err := os.ReadFile("../../schema.graphql")
	if err != nil {
		t.Fatalf("read schema.graphql (run `make schema`): %v", err)
	}
	if got := sdl.Schema(); !bytes.Equal(got, committed) {
		t.Errorf("schema.graphql is out of date with the server's schema: run `make schema` and commit it")
	}
}

func TestSchemaIsStable(t *testing.T) {
	if !bytes.Equal(sdl.Schema(), sdl.Schema()) {
		t.Error("two prints of the schema differ: the SDL must be deterministic")
	}
}
