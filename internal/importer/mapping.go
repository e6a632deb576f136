package importer

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"rapport/ent/contact"
	"rapport/internal/apperr"
	"rapport/internal/domain"
)

// Fields are the Rapport fields a source column can map to, in the order
// of the documented CSV header (plus relations).
var Fields = append(slices.Clone(CSVHeader), "relations")

// Mapping says which Rapport field each source column fills, and how a
// source's enum values read. Several columns may fill one field: for name
// their cells are joined ("First Name" + "Last Name"); for the others the
// first non-empty cell wins (e.g. a phone, then a mobile).
type Mapping struct {
	Columns []ColumnMap `json:"columns"`
	// ValueMaps maps, per enum field (seniority, decisionRole, attitude,
	// status), a source value to the Rapport value. Keys compare without
	// case, surrounding space, or the difference between " ", "-" and "_".
	// Values not listed are read as the Rapport value itself (any case,
	// spaces for underscores: "Senior manager" is SENIOR_MANAGER).
	ValueMaps map[string]map[string]string `json:"valueMaps,omitempty"`
}

// ColumnMap is one source column; an empty Field (or Ignored) means the
// column is not imported.
type ColumnMap struct {
	Source  string `json:"source"`
	Field   string `json:"field,omitempty"`
	Ignored bool   `json:"ignored,omitempty"`
}

// Encodings are the text encodings a file may be read as.
const (
	EncodingAuto    = "auto"
	EncodingUTF8    = "utf-8"
	EncodingGB18030 = "gb18030"
)

// enumFields are the fields read through value maps, with their values.
var enumFields = map[string][]string{
	"seniority": {string(contact.SeniorityEXECUTIVE), string(contact.SenioritySENIOR_MANAGER),
		string(contact.SeniorityMANAGER), string(contact.SenioritySTAFF)},
	"decisionRole": domain.DecisionRole("").Values(),
	"attitude":     domain.Attitude("").Values(),
	"status":       {string(contact.StatusACTIVE), string(contact.StatusLEFT)},
}

// FieldValues lists the values an enum field takes; nil for other fields.
func FieldValues(field string) []string { return enumFields[field] }

// synonyms are the source values other tools and people write for each
// enum value: Salesforce and HubSpot picklist labels, the dashboard's own
// English and Chinese labels, and common Chinese words.
var synonyms = map[string]map[string][]string{
	"seniority": {
		"EXECUTIVE":      {"Executive", "Exec", "C-Level", "C-Suite", "VP", "Vice President", "高层", "高管", "高级管理层", "决策层"},
		"SENIOR_MANAGER": {"Senior manager", "Director", "Senior Director", "Head", "高级经理", "总监", "中高层"},
		"MANAGER":        {"Manager", "经理", "中层", "主管"},
		"STAFF":          {"Staff", "Individual Contributor", "Employee", "员工", "职员", "基层"},
	},
	"decisionRole": {
		"DECISION_MAKER":      {"Decision maker", "Decision-Maker", "决策者", "决策人"},
		"ECONOMIC_BUYER":      {"Economic buyer", "Budget Holder", "Budget owner", "经济决策人", "经济买家", "预算审批人"},
		"TECHNICAL_EVALUATOR": {"Technical evaluator", "Evaluator", "Technical Buyer", "技术评估人", "技术评估者", "技术把关人"},
		"USER":                {"User", "End user", "使用者", "用户", "最终用户"},
		"INFLUENCER":          {"Influencer", "影响者", "影响人"},
		"GATEKEEPER":          {"Gatekeeper", "把关人", "守门人"},
		"COACH":               {"Coach", "Champion (coach)", "内线教练", "内线", "教练"},
	},
	"attitude": {
		"CHAMPION":  {"Champion", "Advocate", "拥护者", "倡导者"},
		"SUPPORTER": {"Supporter", "Positive", "Friendly", "支持者", "支持"},
		"NEUTRAL":   {"Neutral", "Unknown", "中立"},
		"SKEPTIC":   {"Skeptic", "Sceptic", "Negative", "怀疑者", "怀疑"},
		"OPPONENT":  {"Opponent", "Blocker", "Detractor", "反对者", "反对"},
	},
	"status": {
		"ACTIVE": {"Active", "Current", "在职", "有效"},
		"LEFT":   {"Left", "Inactive", "Former", "Left company", "已离职", "离职"},
	},
}

// headerAliases maps a normalised source header (normKey) to a field,
// most specific first within a field: Rapport's own header, Salesforce
// (report labels and API names), HubSpot, and Chinese spreadsheets.
var headerAliases = []struct {
	field   string
	headers []string
	// fallback columns fill the field only when no primary column does
	// (an account's name when the export has no account ID).
	fallback bool
}{
	{field: "externalID", headers: []string{"externalid", "external id", "contact id", "id", "record id", "contact record id", "hubspot id", "外部编号", "编号", "联系人编号", "人员编号", "工号"}},
	{field: "name", headers: []string{"name", "full name", "contact name", "contact full name", "姓名", "联系人", "联系人姓名", "名字"}},
	{field: "name", headers: []string{"first name", "firstname", "last name", "lastname", "姓", "名"}},
	{field: "accountExternalID", headers: []string{"accountexternalid", "account external id", "account id", "accountid", "associated company id", "company id", "客户编号", "公司编号", "客户外部编号", "单位编号"}},
	{field: "accountExternalID", fallback: true, headers: []string{"account name", "account", "company name", "company", "associated company", "客户", "客户名称", "公司", "公司名称", "单位"}},
	{field: "title", headers: []string{"title", "job title", "jobtitle", "职务", "职位", "头衔"}},
	{field: "department", headers: []string{"department", "部门"}},
	{field: "seniority", headers: []string{"seniority", "level", "job level", "级别", "职级", "层级"}},
	{field: "decisionRole", headers: []string{"decisionrole", "decision role", "buying role", "role", "决策角色", "角色"}},
	{field: "attitude", headers: []string{"attitude", "sentiment", "态度"}},
	{field: "influence", headers: []string{"influence", "影响力"}},
	{field: "interest", headers: []string{"interest", "关注度", "兴趣"}},
	{field: "status", headers: []string{"status", "contact status", "状态", "在职状态"}},
	{field: "email", headers: []string{"email", "e mail", "email address", "邮箱", "电子邮件", "电子邮箱", "邮件"}},
	{field: "phone", headers: []string{"phone", "phone number", "business phone", "mobile", "mobile phone", "mobile phone number", "mobilephone", "电话", "手机", "手机号", "联系电话", "办公电话"}},
	{field: "notes", headers: []string{"notes", "description", "contact description", "comments", "备注", "说明", "描述"}},
	{field: "reportsToExternalID", headers: []string{"reportstoexternalid", "reports to id", "reportstoid", "reports to external id", "manager id", "上级编号", "汇报对象编号", "直属上级编号"}},
	{field: "relations", headers: []string{"relations", "关系"}},
}

// normKey is how headers and value-map keys compare: lower case, without a
// BOM or surrounding space, with runs of " ", "-", "_" and "." as one space.
func normKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '_' || r == '.'
	}), " ")
}

// GuessMapping maps a header to Rapport fields by the names Rapport,
// Salesforce, HubSpot and Chinese spreadsheets give their columns; columns
// it does not know are ignored. Its value maps hold the known synonyms of
// the enum fields it mapped, so that a mapping file shows what it reads.
func GuessMapping(header []string) Mapping {
	m := Mapping{ValueMaps: map[string]map[string]string{}}
	field := make([]string, len(header))
	filled := map[string]bool{}
	for _, fallback := range []bool{false, true} {
		for i, h := range header {
			if field[i] != "" {
				continue
			}
			k := normKey(h)
			for _, a := range headerAliases {
				if a.fallback != fallback || (fallback && filled[a.field]) || !slices.Contains(a.headers, k) {
					continue
				}
				field[i] = a.field
				break
			}
		}
		for _, f := range field {
			if f != "" {
				filled[f] = true
			}
		}
	}
	// A full name wins over its parts; an export with both keeps the parts out.
	full := false
	for i, f := range field {
		full = full || (f == "name" && isFullName(header[i]))
	}
	for i, h := range header {
		f := field[i]
		if f == "name" && full && !isFullName(h) {
			f = ""
		}
		m.Columns = append(m.Columns, ColumnMap{Source: h, Field: f, Ignored: f == ""})
		if values, ok := synonyms[f]; ok && m.ValueMaps[f] == nil {
			vm := map[string]string{}
			for v, words := range values {
				for _, w := range words {
					vm[w] = v
				}
			}
			m.ValueMaps[f] = vm
		}
	}
	if len(m.ValueMaps) == 0 {
		m.ValueMaps = nil
	}
	return m
}

func isFullName(h string) bool {
	for _, a := range headerAliases[1].headers {
		if normKey(h) == a {
			return true
		}
	}
	return false
}

// Check reports a mapping that cannot import: a field it does not know, or
// no column for externalID or name.
func (m Mapping) Check() error {
	has := map[string]bool{}
	for i, c := range m.Columns {
		if c.Ignored || c.Field == "" {
			continue
		}
		if !slices.Contains(Fields, c.Field) {
			return apperr.Invalid(fmt.Sprintf("mapping.columns[%d].field", i), "unknown field %q for column %q; the fields are %s", c.Field, c.Source, strings.Join(Fields, ", "))
		}
		has[c.Field] = true
	}
	for _, need := range []string{"externalID", "name"} {
		if !has[need] {
			return apperr.Invalid("mapping.columns", "no column is mapped to %s, which is required", need)
		}
	}
	for f, vm := range m.ValueMaps {
		values, ok := enumFields[f]
		if !ok {
			return apperr.Invalid("mapping.valueMaps", "%q has no values to map; the enum fields are seniority, decisionRole, attitude, status", f)
		}
		for src, v := range vm {
			if !slices.Contains(values, v) {
				return apperr.Invalid("mapping.valueMaps", "%s value %q for %q is not one of %s", f, v, src, strings.Join(values, ", "))
			}
		}
	}
	return nil
}

// value reads an enum cell: the mapping's value map, then the known
// synonyms, then the value itself as Rapport spells it.
func (m Mapping) value(field, cell string) string {
	k := normKey(cell)
	for src, v := range m.ValueMaps[field] {
		if normKey(src) == k {
			return v
		}
	}
	for v, words := range synonyms[field] {
		for _, w := range words {
			if normKey(w) == k {
				return v
			}
		}
	}
	return strings.ToUpper(strings.ReplaceAll(k, " ", "_"))
}

// MapRows turns a table (a header and its records) into import rows
// through m. A cell that cannot be read (a non-number influence, a
// malformed relation) is a parse error of its row.
func MapRows(header []string, records [][]string, m Mapping) (Input, error) {
	if err := m.Check(); err != nil {
		return Input{}, err
	}
	if len(records) > MaxRows {
		return Input{}, apperr.Invalid("rows", "at most %d rows per import, got %d", MaxRows, len(records))
	}
	// cols holds, per field, the source columns that fill it, in the mapping's order.
	cols := map[string][]int{}
	for _, c := range m.Columns {
		if c.Ignored || c.Field == "" {
			continue
		}
		i := slices.IndexFunc(header, func(h string) bool { return normKey(h) == normKey(c.Source) })
		if i < 0 {
			return Input{}, apperr.Invalid("mapping.columns", "column %q is not in the file's header", c.Source)
		}
		cols[c.Field] = append(cols[c.Field], i)
	}
	in := Input{ParseErrors: map[int]*apperr.Error{}}
	for n, rec := range records {
		cell := func(field string) *string {
			var parts []string
			for _, i := range cols[field] {
				if i < len(rec) {
					if v := strings.TrimSpace(rec[i]); v != "" {
						parts = append(parts, v)
					}
				}
			}
			if len(parts) == 0 {
				return nil
			}
			v := parts[0]
			if field == "name" {
				v = joinName(parts)
			}
			if _, ok := enumFields[field]; ok {
				v = m.value(field, v)
			}
			return &v
		}
		row, perr := csvRow(cell)
		if perr != nil {
			in.ParseErrors[n] = perr
		}
		in.Rows = append(in.Rows, row)
	}
	return in, nil
}

// joinName joins name parts with a space, except between two Chinese
// parts (姓 张 and 名 伟 are 张伟).
func joinName(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(p)
			if !unicode.Is(unicode.Han, last) || !unicode.Is(unicode.Han, first) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(p)
	}
	return b.String()
}

// Decode returns data as UTF-8 text. Under EncodingAuto, valid UTF-8
// (with or without a BOM) is taken as it is and anything else is read as
// GB18030 (which includes GBK and GB2312), the encoding Chinese Excel
// saves CSV in. It also returns the encoding it read.
func Decode(data []byte, encoding string) (string, string, error) {
	switch strings.ToLower(strings.ReplaceAll(encoding, "_", "-")) {
	case "", EncodingAuto:
		if utf8.Valid(data) {
			return string(bytes.TrimPrefix(data, []byte("\ufeff"))), EncodingUTF8, nil
		}
		encoding = EncodingGB18030
	case EncodingUTF8, "utf8":
		if !utf8.Valid(data) {
			return "", "", apperr.Invalid("encoding", "the file is not valid UTF-8; try --encoding gb18030")
		}
		return string(bytes.TrimPrefix(data, []byte("\ufeff"))), EncodingUTF8, nil
	case EncodingGB18030, "gbk", "gb2312":
		encoding = EncodingGB18030
	default:
		return "", "", apperr.Invalid("encoding", "unknown encoding %q; want auto, utf-8 or gb18030", encoding)
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fmt.Errorf("decode as GB18030: %w", err)
	}
	return string(out), encoding, nil
}

// ReadTable reads a CSV table (header and records) in the given encoding.
func ReadTable(data []byte, encoding string) (header []string, records [][]string, used string, err error) {
	text, used, err := Decode(data, encoding)
	if err != nil {
		return nil, nil, "", err
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	header, err = cr.Read()
	if err != nil {
		return nil, nil, "", fmt.Errorf("read CSV header: %w", err)
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, "", fmt.Errorf("read CSV: %w", err)
		}
		if len(records) >= MaxRows {
			return nil, nil, "", fmt.Errorf("more than %d rows", MaxRows)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		records = append(records, rec)
	}
	return header, records, used, nil
}

// ReadMappingFile reads a mapping written as JSON (the --guess-mapping output).
func ReadMappingFile(path string) (Mapping, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Mapping{}, err
	}
	var m Mapping
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return Mapping{}, fmt.Errorf("mapping file %s: %w", path, err)
	}
	return m, nil
}

// ReadOptions say how ReadFileWith reads a CSV file: through a mapping
// (nil: the one GuessMapping makes from the header) and in an encoding
// (empty or EncodingAuto: detected).
type ReadOptions struct {
	Mapping  *Mapping
	Encoding string
}

// ReadFileWith reads a .csv file as other tools export it (any header,
// UTF-8 or GB18030) through a column mapping, or a .jsonl file as
// ReadFile does. It returns the mapping it used and the encoding it read.
func ReadFileWith(path string, opts ReadOptions) (Input, Mapping, string, error) {
	if !strings.EqualFold(filepath.Ext(path), ".csv") {
		in, err := ReadFile(path)
		return in, Mapping{}, EncodingUTF8, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Input{}, Mapping{}, "", err
	}
	header, records, used, err := ReadTable(data, opts.Encoding)
	if err != nil {
		return Input{}, Mapping{}, "", fmt.Errorf("%s: %w", path, err)
	}
	m := GuessMapping(header)
	if opts.Mapping != nil {
		m = *opts.Mapping
	}
	in, err := MapRows(header, records, m)
	if err != nil {
		return Input{}, m, used, fmt.Errorf("%s: %w", path, err)
	}
	return in, m, used, nil
}
