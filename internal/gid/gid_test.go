package gid

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

// TestEncodeIsBase64OfTypeAndNumber pins the wire form that clients store:
// base64url (unpadded) of "Type:n".
func TestEncodeIsBase64OfTypeAndNumber(t *testing.T) {
	for _, tc := range []struct {
		id   int
		want string
	}{
		{Of("Contact", 7), base64.RawURLEncoding.EncodeToString([]byte("Contact:7"))},
		{Of("ContactRelation", 1<<32-1), base64.RawURLEncoding.EncodeToString([]byte("ContactRelation:4294967295"))},
		{12, base64.RawURLEncoding.EncodeToString([]byte("Account:12"))},
	} {
		if got := Encode(tc.id); got != tc.want {
			t.Errorf("Encode(%d) = %q, want %q", tc.id, got, tc.want)
		}
		// MarshalID writes the same as a JSON string, into a buffer (the
		// executor's) and into any other writer.
		var buf bytes.Buffer
		buf.WriteString("x")
		MarshalID(tc.id).MarshalGQL(&buf)
		var written bytes.Buffer
		WriteID(&written, tc.id)
		if want := `"` + tc.want + `"`; written.String() != want {
			t.Errorf("WriteID(%d) wrote %s, want %s", tc.id, written.String(), want)
		}
		var sb strings.Builder
		MarshalID(tc.id).MarshalGQL(struct{ *strings.Builder }{&sb})
		if want := `"` + tc.want + `"`; buf.String() != "x"+want || sb.String() != want {
			t.Errorf("MarshalID(%d) wrote %s and %s, want %s", tc.id, buf.String(), sb.String(), want)
		}
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	for _, typ := range []string{"Account", "Contact", "ContactRelation", "TeamMember", "AuditEvent"} {
		for _, n := range []int{0, 1, 42, 1<<32 - 1} {
			if typ == "Account" && n == 0 {
				continue
			}
			id := Of(typ, n)
			s := Encode(id)
			if got := TypeOf(id); got != typ {
				t.Errorf("TypeOf(%d) = %q, want %q", id, got, typ)
			}
			back, err := Decode(s)
			if err != nil || back != id {
				t.Errorf("Decode(Encode(%s %d)) = %d, %v", typ, n, back, err)
			}
		}
	}
}

func TestDecodeRefusesWhatIsNotAnID(t *testing.T) {
	for _, s := range []string{"", "x", "QWNjb3VudA", "Tm9wZTox" /* Nope:1 */, "QWNjb3VudDotMQ" /* Account:-1 */, "QWNjb3VudDphYmM" /* Account:abc */, "12345"} {
		if id, err := Decode(s); err == nil {
			t.Errorf("Decode(%q) = %d, want an error", s, id)
		}
	}
}

// FuzzDecode: whatever a client sends as an ID either decodes to an ID
// that encodes back to the same type and number, or is refused; it never
// panics.
func FuzzDecode(f *testing.F) {
	f.Add(Encode(Of("Contact", 7)))
	f.Add("QWNjb3VudDox")
	f.Add("!!!")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := Decode(s)
		if err != nil {
			return
		}
		if TypeOf(id) == "" {
			t.Fatalf("Decode(%q) = %d of no known type", s, id)
		}
		again, err := Decode(Encode(id))
		if err != nil || again != id {
			t.Fatalf("Decode(Encode(%d)) = %d, %v", id, again, err)
		}
	})
}
