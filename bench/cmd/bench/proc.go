package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// proc is a server the harness started: the Rapport binary or the peer.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan error
}

// freeAddr asks the kernel for an unused loopback port.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// start runs cmd with its output in a log file beside the binary, and
// waits until ready answers.
func start(ctx context.Context, name string, cmd *exec.Cmd, logDir string, ready func(context.Context) error) (*proc, error) {
	logPath := filepath.Join(logDir, name+".log")
	f, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("create %s log: %w", name, err)
	}
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // so that stop reaches node's children too
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, log: logPath, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait(); f.Close() }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case err := <-p.done:
			return nil, fmt.Errorf("%s exited before it was ready (%v); its log: %s", name, err, tail(logPath))
		default:
		}
		if err := ready(ctx); err == nil {
			return p, nil
		} else if time.Now().After(deadline) {
			p.stop()
			return nil, fmt.Errorf("%s not ready after 60s: %w; its log: %s", name, err, tail(logPath))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop sends SIGTERM to the process group and waits, then kills.
func (p *proc) stop() {
	if p == nil || p.cmd.Process == nil {
		return
	}
	pid := p.cmd.Process.Pid
	_ = syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-p.done
	}
}

func tail(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 1500 {
		b = b[len(b)-1500:]
	}
	return strings.TrimSpace(string(b))
}

func httpReady(url string) func(context.Context) error {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s: HTTP %d", url, resp.StatusCode)
		}
		return nil
	}
}

// resetPeakRSS makes VmHWM start again from the current RSS (Linux 4.0+),
// so that each case reports its own peak.
func resetPeakRSS(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

// peakRSS returns VmHWM in KiB.
func peakRSS(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read status of %d: %w", pid, err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

// buildServer builds the real binary from the module root.
func buildServer(ctx context.Context, root, dir string) (string, error) {
	return build(ctx, root, dir, "rapport", ".")
}

// build builds package pkg of the module at root into dir/name.
func build(ctx context.Context, root, dir, name, pkg string) (string, error) {
	bin := filepath.Join(dir, name)
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
}

// cpuTicks returns the CPU time pid has used, user and system, in clock
// ticks (USER_HZ, 100 a second on Linux).
func cpuTicks(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("read stat of %d: %w", pid, err)
	}
	// The command name, field 2, is in parentheses and may hold spaces:
	// count the fields after its closing one (state is field 3).
	i := strings.LastIndexByte(string(b), ')')
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("parse /proc stat: %w", err)
	}
	return utime + stime, nil
}

// postgresTicks returns the CPU time every process named postgres (the
// database's backends and its own workers) has used, in clock ticks.
func postgresTicks() (int64, error) {
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	var sum int64
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if err != nil || strings.TrimSpace(string(comm)) != "postgres" {
			continue
		}
		if t, err := cpuTicks(pid); err == nil { // a backend may have exited
			sum += t
		}
	}
	return sum, nil
}

// busyTicks returns what settle watches: the server's CPU time and, on
// PostgreSQL, the database's, where most of the server's background reads
// run (a server whose own CPU is quiet may keep PostgreSQL busy: after a
// start at L the suggestion queue's refresh did, for a minute).
func busyTicks(pid int, postgres bool) func() (int64, error) {
	return func() (int64, error) {
		t, err := cpuTicks(pid)
		if err != nil || !postgres {
			return t, err
		}
		pg, err := postgresTicks()
		return t + pg, err
	}
}

// settle waits until busy (CPU ticks) has grown by under a twentieth of a
// core over five seconds (the server's background loops tick every two),
// or max has passed, and says how long that took. A server started on a freshly
// loaded dataset derives what the loader did not write (at L the first
// alert sweep raises some 36,000 alerts, and the suggestion queue is
// refreshed for every account): tens of seconds of CPU, once per dataset.
// The cases measure the server as it runs afterwards; the wait is
// reported beside them.
func settle(ctx context.Context, busy func() (int64, error), max time.Duration) (time.Duration, error) {
	const window = 5 // seconds
	start := time.Now()
	first, err := busy()
	if err != nil {
		return 0, err
	}
	samples := []int64{first}
	for time.Since(start) < max {
		select {
		case <-ctx.Done():
			return time.Since(start), ctx.Err()
		case <-time.After(time.Second):
		}
		now, err := busy()
		if err != nil {
			return time.Since(start), err
		}
		samples = append(samples, now)
		if n := len(samples); n > window && now-samples[n-1-window] < window*100/20 {
			return time.Since(start), nil
		}
	}
	return time.Since(start), fmt.Errorf("still busy after %s", max)
}
