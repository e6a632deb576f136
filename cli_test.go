package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"rapport/internal/auth"
	"rapport/internal/importer"
	"rapport/internal/storetest"
)

// TestCommandLineHelpAndUnknownCommands runs the dispatcher as the binary
// does: the help forms list every subcommand and exit 0, a command's help
// prints its usage and exits 0 without an error log, and an unknown
// command prints the list and exits 2.
func TestCommandLineHelpAndUnknownCommands(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string // each must appear on stdout
		stderr   []string // each must appear on stderr
		noStdout bool
	}{
		{name: "help", args: []string{"help"}, stdout: listed()},
		{name: "--help", args: []string{"--help"}, stdout: listed()},
		{name: "-h", args: []string{"-h"}, stdout: listed()},
		{name: "help serve", args: []string{"help", "serve"}, stdout: []string{"usage: rapport serve", "-database-url"}},
		{name: "serve --help", args: []string{"serve", "--help"}, stdout: []string{"usage: rapport serve", "-addr"}},
		{name: "migrate -h", args: []string{"migrate", "-h"}, stdout: []string{"usage: rapport migrate", "-database-url"}},
		{name: "help token", args: []string{"help", "token"}, stdout: []string{"rapport token create", "rapport token revoke"}},
		{name: "token --help", args: []string{"token", "--help"}, stdout: []string{"rapport token list"}},
		{name: "token create --help", args: []string{"token", "create", "--help"}, stdout: []string{"usage: rapport token create", "-role"}},
		{name: "help user", args: []string{"help", "user"}, stdout: []string{"rapport user create"}},
		{name: "backup -h", args: []string{"backup", "-h"}, stdout: []string{"usage: rapport backup", "-to"}},
		{name: "help restore", args: []string{"help", "restore"}, stdout: []string{"usage: rapport restore", "-from"}},
		{name: "import --help", args: []string{"import", "--help"}, stdout: []string{"rapport import contacts", "--mapping", "--guess-mapping", "gb18030"}},
		{name: "import -h", args: []string{"import", "-h"}, stdout: []string{"usage: rapport import contacts"}},
		{name: "help import", args: []string{"help", "import"}, stdout: []string{"usage: rapport import contacts", "--encoding"}},
		{name: "import contacts --help", args: []string{"import", "contacts", "--help"}, stdout: []string{"usage: rapport import contacts", "--guess-mapping"}},
		{name: "help import contacts", args: []string{"help", "import", "contacts"}, stdout: []string{"usage: rapport import contacts"}},
		{name: "import contacts FILE -h", args: []string{"import", "contacts", "x.csv", "-h"}, stdout: []string{"usage: rapport import contacts"}},
		{name: "import without a subcommand", args: []string{"import"}, code: 2, stderr: []string{"usage: rapport import contacts"}, noStdout: true},
		{name: "import unknown flag", args: []string{"import", "contacts", "x.csv", "--frobnicate"}, code: 2, stderr: []string{"-frobnicate", "usage: rapport import contacts"}, noStdout: true},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: append([]string{`unknown command "frobnicate"`}, listed()...), noStdout: true},
		{name: "help of an unknown command", args: []string{"help", "frobnicate"}, code: 2, stderr: listed(), noStdout: true},
		{name: "unknown flag", args: []string{"migrate", "--frobnicate"}, code: 2, stderr: []string{"-frobnicate"}},
		{name: "token without a subcommand", args: []string{"token"}, code: 2, stderr: []string{"usage: rapport token"}, noStdout: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut, logs bytes.Buffer
			prevOut, prevErr := stdout, stderr
			stdout, stderr = &out, &errOut
			prevLog := slog.Default()
			slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
			t.Cleanup(func() {
				stdout, stderr = prevOut, prevErr
				slog.SetDefault(prevLog)
			})
			code := run(context.Background(), tt.args)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s\nlog: %s", code, tt.code, &out, &errOut, &logs)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(out.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, &out)
				}
			}
			for _, want := range tt.stderr {
				if !strings.Contains(errOut.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, &errOut)
				}
			}
			if tt.noStdout && out.Len() > 0 {
				t.Errorf("wrote to stdout: %s", &out)
			}
			if logs.Len() > 0 {
				t.Errorf("logged: %s", &logs)
			}
		})
	}
}

// listed is what a list of the subcommands shows: each name with its line.
func listed() []string {
	var out []string
	for _, c := range commands {
		out = append(out, "  "+c.name+" ")
		out = append(out, c.summary)
	}
	return append(out, "serve", "migrate", "token", "user", "backup", "restore", "import")
}

// TestImportCommandWithAGuessedMappingFile goes the way the help shows:
// print the guessed mapping of a Chinese GB18030 export, edit it, and
// import through it; the accounts and managers it names are found.
func TestImportCommandWithAGuessedMappingFile(t *testing.T) {
	url := storetest.URL(t, storetest.SQLite)
	db := storetest.OpenURL(t, url)
	ctx := context.Background()
	if _, err := db.Client.Account.Create().SetName("Acme").SetExternalID("ERP-1").Save(auth.WithViewer(ctx, auth.System)); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	prevOut, prevErr := stdout, stderr
	stdout, stderr = &out, &errOut
	t.Cleanup(func() { stdout, stderr = prevOut, prevErr })
	file := "internal/importer/testdata/chinese-gb18030.csv"
	if code := run(ctx, []string{"import", "contacts", file, "--guess-mapping"}); code != 0 {
		t.Fatalf("--guess-mapping exit %d: %s", code, &errOut)
	}
	var m importer.Mapping
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("--guess-mapping printed no mapping: %v\n%s", err, &out)
	}
	if m.Columns[1].Source != "姓名" || m.Columns[1].Field != "name" || m.ValueMaps["decisionRole"]["决策者"] != "DECISION_MAKER" {
		t.Fatalf("guessed mapping: %s", &out)
	}
	// The user reads 影响力 ("高" is not a number) no more, and maps 微信 to notes.
	for i, c := range m.Columns {
		switch c.Source {
		case "影响力":
			m.Columns[i] = importer.ColumnMap{Source: c.Source, Ignored: true}
		case "备注":
			m.Columns[i].Field = "notes"
		}
	}
	path := filepath.Join(t.TempDir(), "map.json")
	data, _ := json.Marshal(m)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errOut.Reset()
	code := run(ctx, []string{"import", "contacts", file, "--mapping", path, "--database-url", url, "--secret-key-file", t.TempDir() + "/k"})
	if code != 0 {
		t.Fatalf("import exit %d\nstdout: %s\nstderr: %s", code, &out, &errOut)
	}
	if !strings.Contains(errOut.String(), "(gb18030)") || !strings.Contains(errOut.String(), `ignored column "微信"`) {
		t.Errorf("stderr does not say the encoding and the ignored column: %s", &errOut)
	}
	zhang, err := db.Client.Contact.Query().All(auth.WithViewer(ctx, auth.System))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, c := range zhang {
		names[c.Name] = true
	}
	if len(zhang) != 3 || !names["张伟"] || !names["王芳"] {
		t.Errorf("imported %v, want 张伟, 李娜, 王芳", names)
	}
}
