package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// commands lists the subcommands, a line each, in the order the help
// shows them; runner maps a name to its function.
var commands = []struct{ name, summary string }{
	{"serve", "start the API server and dashboard (the default command)"},
	{"migrate", "apply pending database migrations and exit"},
	{"token", "create, list and revoke API tokens"},
	{"user", "create a user; deactivate, reactivate or sign out one"},
	{"backup", "write an online, consistent backup (the server may keep running)"},
	{"restore", "restore a backup (SQLite: stop the server first)"},
	{"import", "import contacts from CSV or JSON lines, with a per-row report"},
	{"help", "show this list, or a command's usage (rapport help COMMAND)"},
}

func runner(name string) func(ctx context.Context, args []string) error {
	switch name {
	case "serve":
		return serve
	case "migrate":
		return migrate
	case "token":
		return tokenCommand
	case "user":
		return userCommand
	case "backup":
		return backupCommand
	case "restore":
		return restoreCommand
	case "import":
		return importCommand
	}
	return nil
}

// stdout and stderr are where the command line writes; tests replace them.
var (
	stdout io.Writer = os.Stdout
	stderr io.Writer = os.Stderr
)

// usageError is a command line the command cannot read. It exits 2 with
// the message, as Go's flag package does, and is not logged as a failure.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// printUsage writes the list of subcommands, a line each.
func printUsage(w io.Writer) {
	fmt.Fprint(w, "rapport: strategic-account relationship management\n\nUsage:\n  rapport COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nRun \"rapport help COMMAND\" or \"rapport COMMAND -h\" for a command's usage and flags.\n"+
		"Every flag can also be set through its RAPPORT_* environment variable.\n")
}

// run dispatches a command line (without the program name) and returns
// the exit code: 0 on success or help, 1 when the command failed, 2 when
// the command line was wrong.
func run(ctx context.Context, args []string) int {
	name := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		name, args = args[0], args[1:]
	} else if len(args) > 0 && isHelpFlag(args[0]) {
		name, args = "help", args[1:]
	}
	if name == "help" {
		if len(args) == 0 {
			printUsage(stdout)
			return 0
		}
		// "rapport help CMD [SUB]" is "rapport CMD [SUB] --help".
		name, args = args[0], append(args[1:len(args):len(args)], "--help")
	}
	cmd := runner(name)
	if cmd == nil {
		fmt.Fprintf(stderr, "rapport: unknown command %q\n\n", name)
		printUsage(stderr)
		return 2
	}
	err := cmd(ctx, args)
	var ue usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		if ue.msg != "" {
			fmt.Fprintln(stderr, ue.msg)
		}
		return 2
	}
	slog.Error(name+" failed", "err", err)
	return 1
}

func isHelpFlag(s string) bool { return s == "-h" || s == "-help" || s == "--help" }

// wantsHelp reports whether a command's arguments ask for its usage.
func wantsHelp(args []string) bool {
	return len(args) > 0 && (isHelpFlag(args[0]) || args[0] == "help")
}

// showHelp prints a command's usage to stdout; the command then ends
// with flag.ErrHelp, which exits 0.
func showHelp(usage string) error {
	fmt.Fprintln(stdout, strings.TrimRight(usage, "\n"))
	return flag.ErrHelp
}

// newFlagSet is a command's flag set: -h prints its usage to stdout, a
// flag it does not know is reported on stderr.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("rapport "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		summary := ""
		for _, c := range commands {
			if c.name == strings.Fields(name)[0] {
				summary = c.summary
			}
		}
		fmt.Fprintf(stdout, "usage: rapport %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(stderr)
	}
	return fs
}

// parseFlags parses args into fs; a flag error becomes a usageError (the
// flag package has printed it and the usage already).
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return err
	}
	return usageError{}
}
