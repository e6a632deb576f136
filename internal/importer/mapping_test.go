package importer_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"rapport/internal/apitest"
	"rapport/internal/importer"
	"rapport/internal/store"
	"rapport/internal/storetest"
)

// TestGuessMappingReadsOtherToolsExports reads the exports of Salesforce,
// HubSpot and a Chinese spreadsheet saved as GB18030 without reshaping
// them: the header is mapped to Rapport's fields, unknown columns are
// ignored, enum labels in English and Chinese become Rapport's values, and
// a cell that cannot be read is its row's error.
func TestGuessMappingReadsOtherToolsExports(t *testing.T) {
	type want struct {
		extID, name, account, title, phone, seniority, role, attitude, status, reportsTo string
	}
	tests := []struct {
		file     string
		encoding string
		fields   map[string]string // source column -> field ("" for ignored)
		rows     int
		first    want
		parseErr map[int]string // row -> field at fault
		badRole  int            // row whose decision role is not a Rapport value; -1 for none
		manager  string         // the second row's manager
	}{
		{
			file: "salesforce.csv", encoding: importer.EncodingUTF8,
			fields: map[string]string{
				"Contact ID": "externalID", "First Name": "name", "Last Name": "name", "Account ID": "accountExternalID",
				"Account Name": "", "Title": "title", "Department": "department", "Email": "email", "Phone": "phone",
				"Mobile": "phone", "Reports To ID": "reportsToExternalID", "Description": "notes", "Salutation": "",
				"Lead Source": "", "Contact Owner": "",
			},
			rows:    2,
			first:   want{extID: "0035g00000AbCdE", name: "Fang Wang", account: "ERP-1", title: "CIO", phone: "+86 10 1234 5678"},
			badRole: -1,
			manager: "0035g00000AbCdE",
		},
		{
			file: "hubspot.csv", encoding: importer.EncodingUTF8,
			fields: map[string]string{
				"Record ID": "externalID", "First Name": "name", "Last Name": "name", "Company Name": "",
				"Associated Company ID": "accountExternalID", "Job Title": "title", "Email": "email",
				"Phone Number": "phone", "Lifecycle Stage": "", "Buying Role": "decisionRole", "Contact owner": "",
			},
			rows:    3,
			first:   want{extID: "501", name: "Min Zhao", account: "ERP-1", title: "Procurement Lead", phone: "555-0100", role: "DECISION_MAKER"},
			badRole: 2,
		},
		{
			file: "chinese-gb18030.csv", encoding: importer.EncodingGB18030,
			fields: map[string]string{
				"编号": "externalID", "姓名": "name", "客户编号": "accountExternalID", "职务": "title", "部门": "department",
				"级别": "seniority", "决策角色": "decisionRole", "态度": "attitude", "影响力": "influence", "关注度": "interest",
				"状态": "status", "手机": "phone", "电子邮件": "email", "备注": "notes", "上级编号": "reportsToExternalID", "微信": "",
			},
			rows: 3,
			first: want{extID: "CN-1", name: "张伟", account: "ERP-1", title: "首席信息官", phone: "13900000001",
				seniority: "EXECUTIVE", role: "DECISION_MAKER", attitude: "SUPPORTER", status: "ACTIVE"},
			parseErr: map[int]string{2: "influence"},
			badRole:  -1,
			manager:  "CN-1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			in, m, used, err := importer.ReadFileWith(filepath.Join("testdata", tt.file), importer.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if used != tt.encoding {
				t.Errorf("read as %s, want %s", used, tt.encoding)
			}
			if len(m.Columns) != len(tt.fields) {
				t.Errorf("%d columns mapped, want %d: %+v", len(m.Columns), len(tt.fields), m.Columns)
			}
			for _, c := range m.Columns {
				f, ok := tt.fields[c.Source]
				if !ok {
					t.Errorf("unexpected column %q", c.Source)
					continue
				}
				if c.Field != f || c.Ignored != (f == "") {
					t.Errorf("column %q -> %q (ignored %v), want %q", c.Source, c.Field, c.Ignored, f)
				}
			}
			if len(in.Rows) != tt.rows {
				t.Fatalf("%d rows, want %d", len(in.Rows), tt.rows)
			}
			r := in.Rows[0]
			got := want{extID: r.ExternalID, name: r.Name, account: str(r.AccountExternalID), title: str(r.Title), phone: str(r.Phone),
				seniority: strOf(r.Seniority), role: strOf(r.DecisionRole), attitude: strOf(r.Attitude), status: strOf(r.Status),
				reportsTo: str(r.ReportsToExternalID)}
			if got != tt.first {
				t.Errorf("first row\n got %+v\nwant %+v", got, tt.first)
			}
			if got := str(in.Rows[1].ReportsToExternalID); got != tt.manager {
				t.Errorf("second row's manager %q, want %q", got, tt.manager)
			}
			for i, f := range tt.parseErr {
				if e := in.ParseErrors[i]; e == nil || e.Field != f {
					t.Errorf("row %d parse error %v, want one on %s", i, e, f)
				}
			}
			if len(in.ParseErrors) != len(tt.parseErr) {
				t.Errorf("parse errors %v, want %v", in.ParseErrors, tt.parseErr)
			}
			if tt.badRole >= 0 && strOf(in.Rows[tt.badRole].DecisionRole) != "ASTRONAUT" {
				t.Errorf("row %d decision role %v, want the source value kept for validation to reject", tt.badRole, strOf(in.Rows[tt.badRole].DecisionRole))
			}
		})
	}
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func strOf[T ~string](s *T) string {
	if s == nil {
		return ""
	}
	return string(*s)
}

// TestMappingFileOverridesTheGuess: a mapping file written by
// --guess-mapping and edited by hand is read back, its value map wins over
// the known synonyms, and a mapping without a name column is refused.
func TestMappingFileOverridesTheGuess(t *testing.T) {
	header := []string{"Key", "Who", "Stance"}
	if m := importer.GuessMapping(header); m.Columns[0].Field != "" || !m.Columns[0].Ignored {
		t.Fatalf("unknown header guessed: %+v", m.Columns)
	}
	m := importer.Mapping{
		Columns:   []importer.ColumnMap{{Source: "Key", Field: "externalID"}, {Source: "Who", Field: "name"}, {Source: "Stance", Field: "attitude"}},
		ValueMaps: map[string]map[string]string{"attitude": {"Fan": "CHAMPION", "neutral": "SKEPTIC"}},
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "map.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	back, err := importer.ReadMappingFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in, err := importer.MapRows(header, [][]string{{"k1", "A", "fan"}, {"k2", "B", " Neutral "}, {"k3", "C", "Opponent"}}, back)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"CHAMPION", "SKEPTIC", "OPPONENT"} {
		if got := strOf(in.Rows[i].Attitude); got != want {
			t.Errorf("row %d attitude %s, want %s", i, got, want)
		}
	}
	back.Columns = back.Columns[:1]
	if _, err := importer.MapRows(header, nil, back); err == nil || !strings.Contains(err.Error(), "name") {
		t.Errorf("mapping without name: %v", err)
	}
	back.Columns = append(back.Columns, importer.ColumnMap{Source: "Who", Field: "nickname"})
	if err := back.Check(); err == nil || !strings.Contains(err.Error(), "nickname") {
		t.Errorf("unknown field: %v", err)
	}
}

// TestDecodeDetectsAndForcesEncodings: UTF-8 with and without a BOM reads
// as it is, anything else as GB18030; a forced encoding is obeyed and
// UTF-8 forced on GB18030 bytes is an error naming the way out.
func TestDecodeDetectsAndForcesEncodings(t *testing.T) {
	gb, err := simplifiedchinese.GB18030.NewEncoder().String("姓名,张伟")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, data, encoding, want, used, err string
	}{
		{name: "utf-8", data: "姓名,张伟", want: "姓名,张伟", used: "utf-8"},
		{name: "utf-8 with BOM", data: "\ufeff姓名,张伟", want: "姓名,张伟", used: "utf-8"},
		{name: "gb18030 detected", data: gb, want: "姓名,张伟", used: "gb18030"},
		{name: "gb18030 forced", data: gb, encoding: "GBK", want: "姓名,张伟", used: "gb18030"},
		{name: "utf-8 forced on gb18030", data: gb, encoding: "utf-8", err: "--encoding gb18030"},
		{name: "unknown encoding", data: "a", encoding: "latin1", err: "unknown encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, used, err := importer.Decode([]byte(tt.data), tt.encoding)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want || used != tt.used {
				t.Errorf("got %q as %s (%v), want %q as %s", got, used, err, tt.want, tt.used)
			}
		})
	}
}

// TestImportContactTableThroughTheAPI does what the dashboard's import page
// does: asks for the guessed mapping of a Chinese GB18030 export's header,
// previews with a dry run, then sends the rows in batches of one; the
// report numbers the rows as in the whole file and the unreadable cell is
// its row's error.
func TestImportContactTableThroughTheAPI(t *testing.T) {
	data, err := os.ReadFile("testdata/chinese-gb18030.csv")
	if err != nil {
		t.Fatal(err)
	}
	header, records, _, err := importer.ReadTable(data, "")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := apitest.New(t, db)
		seedAccount(t, c, "ERP-1")
		var guess struct {
			ImportMappingGuess struct {
				Columns []struct {
					Source  string
					Field   *string
					Ignored bool
				}
				ValueMaps []struct{ Field, Source, Value string }
				Fields    []struct {
					Name     string
					Required bool
					Values   []string
				}
			}
		}
		c.MustDo(`query($h: [String!]!) { importMappingGuess(header: $h) { columns { source field ignored } valueMaps { field source value } fields { name required values } } }`,
			map[string]any{"h": header}, &guess)
		g := guess.ImportMappingGuess
		var columns []map[string]any
		for _, col := range g.Columns {
			columns = append(columns, map[string]any{"source": col.Source, "field": col.Field})
		}
		if last := g.Columns[len(g.Columns)-1]; last.Source != "微信" || !last.Ignored || last.Field != nil {
			t.Errorf("微信 guessed as %+v, want ignored", last)
		}
		if len(g.Fields) != len(importer.Fields) || !g.Fields[0].Required || len(g.Fields[5].Values) != 4 {
			t.Errorf("fields %+v", g.Fields)
		}
		found := false
		for _, v := range g.ValueMaps {
			found = found || (v.Field == "attitude" && v.Source == "支持者" && v.Value == "SUPPORTER")
		}
		if !found {
			t.Errorf("value maps lack 支持者 -> SUPPORTER: %+v", g.ValueMaps)
		}
		const table = `mutation($i: ImportTableInput!) { importContactTable(input: $i) {
  applied totals { rows created updated unchanged errors } rows { row externalID status code field } } }`
		type out struct {
			ImportContactTable struct {
				Applied bool
				Totals  struct{ Rows, Created, Updated, Unchanged, Errors int }
				Rows    []struct {
					Row                int
					ExternalID, Status string
					Code, Field        *string
				}
			}
		}
		input := func(rows [][]string, first int, dry bool) map[string]any {
			return map[string]any{"i": map[string]any{"header": header, "rows": rows, "mapping": map[string]any{"columns": columns},
				"firstRow": first, "atomicity": "PER_ROW", "dryRun": dry}}
		}
		var preview out
		c.MustDo(table, input(records, 0, true), &preview)
		p := preview.ImportContactTable
		if p.Applied || p.Totals.Created != 2 || p.Totals.Errors != 1 || p.Rows[2].Status != "ERROR" || deref(p.Rows[2].Field) != "influence" {
			t.Fatalf("preview %+v", p)
		}
		created, bad := 0, []int{}
		for i, rec := range records {
			var o out
			c.MustDo(table, input([][]string{rec}, i, false), &o)
			created += o.ImportContactTable.Totals.Created
			for _, r := range o.ImportContactTable.Rows {
				if r.Status == "ERROR" {
					bad = append(bad, r.Row)
				}
			}
		}
		if created != 2 || len(bad) != 1 || bad[0] != 2 {
			t.Errorf("batches created %d, errors on rows %v; want 2 and [2]", created, bad)
		}
		if n, _, _ := counts(t, db); n != 2 {
			t.Errorf("%d contacts stored, want 2", n)
		}
		res := c.Do(table, map[string]any{"i": map[string]any{"header": header, "rows": records,
			"mapping": map[string]any{"columns": columns[2:]}}})
		if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" || !strings.Contains(res.Errors[0].Message, "externalID") {
			t.Errorf("a mapping without externalID: %+v", res.Errors)
		}
	})
}
