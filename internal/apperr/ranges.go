package apperr

import (
	"math"
	"regexp"
	"strconv"
	"sync"

	"rapport/ent"
)

var (
	rangesOnce sync.Once
	ranges     map[string]string // "Type.field" -> "between 0 and 1"
)

var validatorField = regexp.MustCompile(`validator failed for field "(\w+\.\w+)"`)

// expectedRange says which values ent's validators accept for the field a
// validation error names ("between 1 and 5", "0 or more", "at most 200
// characters"), found by probing the validators themselves so that the
// message follows the schema; "" when unknown.
func expectedRange(msg string) string {
	m := validatorField.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	rangesOnce.Do(func() {
		ranges = map[string]string{}
		for typ, s := range ent.SchemaTypes {
			for _, f := range s.Fields() {
				d := f.Descriptor()
				if r := probeValidators(d.Validators); r != "" {
					ranges[typ+"."+d.Name] = r
				}
			}
		}
	})
	return ranges[m[1]]
}

// probeValidators finds the accepted range of a field's validators.
func probeValidators(vs []any) string {
	if len(vs) == 0 {
		return ""
	}
	switch vs[0].(type) {
	case func(int) error:
		ok := func(x float64) bool {
			for _, v := range vs {
				if f, is := v.(func(int) error); !is || f(int(math.Floor(x))) != nil {
					return false
				}
			}
			return true
		}
		return bounds(ok, func(x float64) string { return strconv.Itoa(int(math.Floor(x))) }, "")
	case func(float64) error:
		ok := func(x float64) bool {
			for _, v := range vs {
				if f, is := v.(func(float64) error); !is || f(x) != nil {
					return false
				}
			}
			return true
		}
		return bounds(ok, func(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }, "")
	case func(string) error:
		ok := func(n float64) bool {
			b := make([]byte, int(n))
			for i := range b {
				b[i] = 'a'
			}
			for _, v := range vs {
				if f, is := v.(func(string) error); !is || f(string(b)) != nil {
					return false
				}
			}
			return true
		}
		if !ok(1) {
			return "" // a format (an e-mail, a URL), not a length
		}
		lo, hi := 0.0, 1.0
		if !ok(0) {
			lo = 1
		}
		if ok(1 << 20) {
			if lo == 1 {
				return "not empty"
			}
			return ""
		}
		for ok(hi * 2) {
			hi *= 2
		}
		// ok(hi) and not ok(2*hi): the longest is in [hi, 2*hi).
		a, b := hi, hi*2
		for b-a > 1 {
			mid := math.Floor((a + b) / 2)
			if ok(mid) {
				a = mid
			} else {
				b = mid
			}
		}
		if lo == 1 {
			return "between 1 and " + strconv.Itoa(int(a)) + " characters"
		}
		return "at most " + strconv.Itoa(int(a)) + " characters"
	}
	return ""
}

// bounds finds the least and greatest accepted numbers around one that
// is accepted.
func bounds(ok func(float64) bool, format func(float64) string, unit string) string {
	start, found := 0.0, false
	for _, x := range []float64{0, 1, 5, 100, 1e6, -1} {
		if ok(x) {
			start, found = x, true
			break
		}
	}
	if !found {
		return ""
	}
	const far = 1 << 52
	search := func(valid, invalid float64) float64 {
		for i := 0; i < 200 && valid != invalid; i++ {
			mid := valid + (invalid-valid)/2
			if mid == valid || mid == invalid {
				break
			}
			if ok(mid) {
				valid = mid
			} else {
				invalid = mid
			}
		}
		return valid
	}
	hasLow, hasHigh := !ok(-far), !ok(far)
	switch {
	case hasLow && hasHigh:
		return "between " + format(search(start, -far)) + " and " + format(search(start, far)) + unit
	case hasLow:
		return format(search(start, -far)) + " or more" + unit
	case hasHigh:
		return "at most " + format(search(start, far)) + unit
	}
	return ""
}
