//go:build ignore

// entc generates the ent client and, through the entgql extension, the
// GraphQL schema graph/ent.graphql. It runs from the repository root
// (see generate.go).
package main

import (
	"fmt"
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

// templates adds the templates in dir after the extension's, parsed with
// entgql's functions too, so that a template there may replace one of
// entgql's by defining its name (paginate.tmpl does).
func templates(dir string) entc.Option {
	return func(cfg *gen.Config) error {
		t, err := gen.NewTemplate("external").Funcs(entgql.TemplateFuncs).ParseDir(dir)
		if err != nil {
			return fmt.Errorf("parse templates in %s: %w", dir, err)
		}
		cfg.Templates = append(cfg.Templates, t)
		return nil
	}
}

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("graph/ent.graphql"),
		entgql.WithWhereInputs(true),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	err = entc.Generate("./ent/schema", &gen.Config{
		Target:  "./ent",
		Package: "rapport/ent",
		Features: []gen.Feature{
			gen.FeatureGlobalID,
			gen.FeatureVersionedMigration,
			gen.FeatureUpsert,
			gen.FeatureModifier,
			gen.FeatureExecQuery,
			gen.FeatureIntercept,
			gen.FeaturePrivacy,
			gen.FeatureLock,
		},
	}, entc.Extensions(ex), templates("./ent/template"))
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}
