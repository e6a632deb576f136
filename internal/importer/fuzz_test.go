package importer_test

import (
	"strings"
	"testing"

	"rapport/internal/importer"
)

// FuzzReadCSV: any file an integrator feeds the importer is parsed or
// refused with an error; it never panics.
func FuzzReadCSV(f *testing.F) {
	f.Add("externalID,name,accountExternalID\nHR-1,Wang Fang,ACC-1\n")
	f.Add("externalID,name,accountExternalID,influence,relations\nHR-2,Li,ACC-1,9,HR-1:ALLY:3\n")
	f.Add("\"unterminated,\n")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = importer.ReadCSV(strings.NewReader(s))
	})
}

// FuzzReadJSONL does the same for JSON Lines files.
func FuzzReadJSONL(f *testing.F) {
	f.Add(`{"externalID":"HR-1","name":"Wang Fang","accountExternalID":"ACC-1"}` + "\n")
	f.Add(`{"externalID":1}` + "\n" + `not json`)
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = importer.ReadJSONL(strings.NewReader(s))
	})
}
