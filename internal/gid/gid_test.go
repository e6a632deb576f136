package gid

import (
	"testing"
)

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
