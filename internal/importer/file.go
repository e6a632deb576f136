package importer

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"rapport/ent/contact"
	"rapport/internal/apperr"
	"rapport/internal/domain"
)

// CSVHeader is the documented CSV header. Columns may come in any order and
// all but externalID and name may be left out; an empty cell leaves the
// field as stored (or at its default for a new contact). The optional
// column "relations" holds "toExternalID:KIND[:strength]" items separated
// by ";".
var CSVHeader = []string{
	"externalID", "name", "accountExternalID", "title", "department", "seniority", "decisionRole",
	"attitude", "influence", "interest", "status", "email", "phone", "notes", "reportsToExternalID",
}

// ReadFile reads rows from a .csv or .jsonl (JSON Lines: one
// ImportContactRow object a line) file.
func ReadFile(path string) (Input, error) {
	f, err := os.Open(path)
	if err != nil {
		return Input{}, err
	}
	defer f.Close()
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return ReadCSV(f)
	case ".jsonl", ".ndjson":
		return ReadJSONL(f)
	}
	return Input{}, fmt.Errorf("%s: want a .csv or .jsonl file", path)
}

// ReadCSV reads rows under a header line.
func ReadCSV(r io.Reader) (Input, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return Input{}, fmt.Errorf("read CSV header: %w", err)
	}
	known := map[string]bool{"relations": true}
	for _, h := range CSVHeader {
		known[h] = true
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if !known[h] {
			return Input{}, fmt.Errorf("CSV header: unknown column %q; the columns are %s,relations", h, strings.Join(CSVHeader, ","))
		}
		col[h] = i
	}
	for _, need := range []string{"externalID", "name"} {
		if _, ok := col[need]; !ok {
			return Input{}, fmt.Errorf("CSV header: column %q is required", need)
		}
	}
	in := Input{ParseErrors: map[int]*apperr.Error{}}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Input{}, fmt.Errorf("read CSV: %w", err)
		}
		if len(in.Rows) >= MaxRows {
			return Input{}, fmt.Errorf("more than %d rows", MaxRows)
		}
		cell := func(name string) *string {
			i, ok := col[name]
			if !ok || i >= len(rec) || strings.TrimSpace(rec[i]) == "" {
				return nil
			}
			v := strings.TrimSpace(rec[i])
			return &v
		}
		row, perr := csvRow(cell)
		if perr != nil {
			in.ParseErrors[len(in.Rows)] = perr
		}
		in.Rows = append(in.Rows, row)
	}
	return in, nil
}

func csvRow(cell func(string) *string) (*Row, *apperr.Error) {
	r := &Row{
		AccountExternalID: cell("accountExternalID"), Title: cell("title"), Department: cell("department"),
		Email: cell("email"), Phone: cell("phone"), Notes: cell("notes"), ReportsToExternalID: cell("reportsToExternalID"),
	}
	if v := cell("externalID"); v != nil {
		r.ExternalID = *v
	}
	if v := cell("name"); v != nil {
		r.Name = *v
	}
	if v := cell("seniority"); v != nil {
		s := contact.Seniority(strings.ToUpper(*v))
		r.Seniority = &s
	}
	if v := cell("decisionRole"); v != nil {
		s := domain.DecisionRole(strings.ToUpper(*v))
		r.DecisionRole = &s
	}
	if v := cell("attitude"); v != nil {
		s := domain.Attitude(strings.ToUpper(*v))
		r.Attitude = &s
	}
	if v := cell("status"); v != nil {
		s := contact.Status(strings.ToUpper(*v))
		r.Status = &s
	}
	var err *apperr.Error
	r.Influence, err = intCell("influence", cell("influence"))
	if err != nil {
		return r, err
	}
	r.Interest, err = intCell("interest", cell("interest"))
	if err != nil {
		return r, err
	}
	if v := cell("relations"); v != nil {
		for j, item := range strings.Split(*v, ";") {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			parts := strings.Split(item, ":")
			field := fmt.Sprintf("relations[%d]", j)
			if len(parts) < 2 || len(parts) > 3 {
				return r, apperr.Invalid(field, "want toExternalID:KIND[:strength], got %q", item)
			}
			rel := &Relation{ToExternalID: parts[0], Kind: domain.RelationKind(strings.ToUpper(parts[1]))}
			if len(parts) == 3 {
				if rel.Strength, err = intCell(field+".strength", &parts[2]); err != nil {
					return r, err
				}
			}
			r.Relations = append(r.Relations, rel)
		}
	}
	return r, nil
}

func intCell(field string, v *string) (*int, *apperr.Error) {
	if v == nil {
		return nil, nil
	}
	n, err := strconv.Atoi(*v)
	if err != nil {
		return nil, apperr.Invalid(field, "must be a whole number, got %q", *v)
	}
	return &n, nil
}

// jsonRow is a JSON Lines row: the GraphQL ImportContactRow's fields.
type jsonRow struct {
	ExternalID          string  `json:"externalID"`
	Name                string  `json:"name"`
	AccountExternalID   *string `json:"accountExternalID"`
	Title               *string `json:"title"`
	Department          *string `json:"department"`
	Seniority           *string `json:"seniority"`
	DecisionRole        *string `json:"decisionRole"`
	Attitude            *string `json:"attitude"`
	Influence           *int    `json:"influence"`
	Interest            *int    `json:"interest"`
	Status              *string `json:"status"`
	Email               *string `json:"email"`
	Phone               *string `json:"phone"`
	Notes               *string `json:"notes"`
	ReportsToExternalID *string `json:"reportsToExternalID"`
	Relations           []struct {
		ToExternalID string `json:"toExternalID"`
		Kind         string `json:"kind"`
		Strength     *int   `json:"strength"`
	} `json:"relations"`
}

// ReadJSONL reads one JSON object a line; blank lines are skipped.
func ReadJSONL(r io.Reader) (Input, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	in := Input{ParseErrors: map[int]*apperr.Error{}}
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		if len(in.Rows) >= MaxRows {
			return Input{}, fmt.Errorf("more than %d rows", MaxRows)
		}
		var j jsonRow
		dec := json.NewDecoder(strings.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&j); err != nil {
			in.ParseErrors[len(in.Rows)] = apperr.Invalid("", "line %d: %v", line, err)
			in.Rows = append(in.Rows, &Row{ExternalID: j.ExternalID})
			continue
		}
		row := &Row{
			ExternalID: j.ExternalID, Name: j.Name, AccountExternalID: j.AccountExternalID, Title: j.Title,
			Department: j.Department, Influence: j.Influence, Interest: j.Interest, Email: j.Email, Phone: j.Phone,
			Notes: j.Notes, ReportsToExternalID: j.ReportsToExternalID,
		}
		if j.Seniority != nil {
			s := contact.Seniority(*j.Seniority)
			row.Seniority = &s
		}
		if j.DecisionRole != nil {
			s := domain.DecisionRole(*j.DecisionRole)
			row.DecisionRole = &s
		}
		if j.Attitude != nil {
			s := domain.Attitude(*j.Attitude)
			row.Attitude = &s
		}
		if j.Status != nil {
			s := contact.Status(*j.Status)
			row.Status = &s
		}
		for _, rel := range j.Relations {
			row.Relations = append(row.Relations, &Relation{ToExternalID: rel.ToExternalID, Kind: domain.RelationKind(rel.Kind), Strength: rel.Strength})
		}
		in.Rows = append(in.Rows, row)
	}
	if err := sc.Err(); err != nil {
		return Input{}, fmt.Errorf("read JSON Lines: %w", err)
	}
	return in, nil
}
