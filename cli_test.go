package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
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
		{name: "import --help", args: []string{"import", "--help"}, stdout: []string{"rapport import contacts"}},
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
