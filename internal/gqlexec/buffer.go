package gqlexec

import (
	"bytes"
	"sync"
)

// A response's data is written into one buffer that grows as it goes: a
// 1.5 MB stakeholder graph grew through twenty sizes, copying each time,
// a tenth of the request's CPU. The executor takes its buffer from a pool
// instead (DataBuffer), and the POST transport hands it back once the
// bytes are on the connection (ReleaseData), so a buffer that has grown
// once serves the next large response as it is.
var dataBuffers sync.Pool // of *[]byte

// Buffers outside these bounds are not kept: a small one is not worth
// it, and a rare 20 MB export should not stay resident for the next
// 2 KB page. The whitespace grid of every account at scale L is 4.6 MB
// (40,000 cells): under a 4 MB bound it grew from nothing on every
// request, a third of its CPU in copying and the garbage it left.
const (
	minPooledData = 4 << 10
	maxPooledData = 8 << 20
)

// DataBuffer returns an empty buffer for a response's data: a new one,
// as gqlgen's executor would use, when the fast path is off.
func DataBuffer(fast bool) *bytes.Buffer {
	if !fast {
		return new(bytes.Buffer)
	}
	if p, ok := dataBuffers.Get().(*[]byte); ok {
		return bytes.NewBuffer((*p)[:0])
	}
	return new(bytes.Buffer)
}

// ReleaseData gives back the data of a response that has been written
// and that nothing reads any more.
func ReleaseData(b []byte) {
	if cap(b) < minPooledData || cap(b) > maxPooledData {
		return
	}
	b = b[:0]
	dataBuffers.Put(&b)
}
