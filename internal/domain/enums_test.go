package domain

import (
	"bytes"
	"io"
	"strconv"
	"testing"
)

func TestWriteQuotedWritesWhatStrconvQuotes(t *testing.T) {
	for _, s := range []string{"STRATEGIC", "TIER_1", "", "two words", `a"b`, `back\slash`, "tab\t", "Zoë"} {
		var buf, plain bytes.Buffer
		WriteQuoted(&buf, s)
		WriteQuoted(struct{ io.Writer }{&plain}, s)
		if want := strconv.Quote(s); buf.String() != want || plain.String() != want {
			t.Errorf("WriteQuoted(%q) = %s and %s, want %s", s, buf.String(), plain.String(), want)
		}
	}
}
