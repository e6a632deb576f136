package changelog

import "time"

// Idle makes f look as if its last read was d ago.
func Idle(f *Feed, d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastRead = time.Now().Add(-d)
}
