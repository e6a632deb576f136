package graph

import (
	"context"
	"sort"

	"rapport/ent"
	"rapport/graph/model"
	"rapport/internal/apperr"
	"rapport/internal/importer"
)

// importMapping is the API's view of a mapping: value maps as a sorted
// list, and the fields a column can fill.
func importMapping(m importer.Mapping) *model.ImportMapping {
	out := &model.ImportMapping{Columns: []*model.ImportColumn{}, ValueMaps: []*model.ImportValueMap{}}
	for _, c := range m.Columns {
		col := &model.ImportColumn{Source: c.Source, Ignored: c.Ignored || c.Field == ""}
		if !col.Ignored {
			f := c.Field
			col.Field = &f
		}
		out.Columns = append(out.Columns, col)
	}
	for f, vm := range m.ValueMaps {
		for src, v := range vm {
			out.ValueMaps = append(out.ValueMaps, &model.ImportValueMap{Field: f, Source: src, Value: v})
		}
	}
	sort.Slice(out.ValueMaps, func(i, j int) bool {
		a, b := out.ValueMaps[i], out.ValueMaps[j]
		if a.Field != b.Field {
			return a.Field < b.Field
		}
		if a.Value != b.Value {
			return a.Value < b.Value
		}
		return a.Source < b.Source
	})
	for _, f := range importer.Fields {
		values := importer.FieldValues(f)
		if values == nil {
			values = []string{}
		}
		out.Fields = append(out.Fields, &model.ImportField{Name: f, Required: f == "externalID" || f == "name", Values: values})
	}
	return out
}

// importTable maps a table's cells through its mapping and imports the rows.
func importTable(ctx context.Context, c *ent.Client, in model.ImportTableInput) (*importer.Result, error) {
	if in.FirstRow < 0 {
		return nil, apperr.Invalid("firstRow", "must not be negative, got %d", in.FirstRow)
	}
	m := importer.Mapping{}
	for _, col := range in.Mapping.Columns {
		cm := importer.ColumnMap{Source: col.Source, Ignored: col.Field == nil || *col.Field == ""}
		if !cm.Ignored {
			cm.Field = *col.Field
		}
		m.Columns = append(m.Columns, cm)
	}
	for _, v := range in.Mapping.ValueMaps {
		if m.ValueMaps == nil {
			m.ValueMaps = map[string]map[string]string{}
		}
		if m.ValueMaps[v.Field] == nil {
			m.ValueMaps[v.Field] = map[string]string{}
		}
		m.ValueMaps[v.Field][v.Source] = v.Value
	}
	rows, err := importer.MapRows(in.Header, in.Rows, m)
	if err != nil {
		return nil, err
	}
	rows.Mode, rows.Atomicity, rows.DryRun = in.Mode, in.Atomicity, in.DryRun
	res, err := importer.Import(ctx, c, rows, importer.Options{})
	if err != nil {
		return nil, err
	}
	// Number the rows as in the whole file, so that batches report as one.
	for _, r := range res.Rows {
		r.Row += in.FirstRow
	}
	return res, nil
}
