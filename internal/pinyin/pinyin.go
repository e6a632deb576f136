// Package pinyin builds the search key that lets people find a Chinese name
// the way they type it: by any part of the characters, by the full pinyin
// with or without spaces ("zhangwei", "zhang wei") or by the initials ("zw").
//
// The key is a derived column (search_key on accounts and contacts) kept by a
// store hook; a query is normalised with Query and matched with a
// case-insensitive substring filter, so both stores answer it with the same
// LIKE/ILIKE they use for any other contains filter.
package pinyin

import (
	"strings"
	"unicode"

	gopinyin "github.com/mozillazg/go-pinyin"
)

// MaxKeyLen bounds the key; the longest name (200 characters) of Han
// characters gives about 200 + 6*200 + 6*200 + 200 runes.
const MaxKeyLen = 4000

var args = func() gopinyin.Args {
	a := gopinyin.NewArgs()
	a.Style = gopinyin.Normal // no tone marks: people type "zhang", not "zhāng"
	a.Heteronym = false
	return a
}()

// syllable returns the toneless pinyin of one Han rune, or "" for other runes.
func syllable(r rune) string {
	if !unicode.Is(unicode.Han, r) {
		return ""
	}
	p := gopinyin.SinglePinyin(r, args)
	if len(p) == 0 {
		return ""
	}
	return p[0]
}

// Key returns the search key of a name: the lower-cased name itself, and,
// when the name holds Han characters, its pinyin spaced and unspaced and its
// initials. Parts are separated by "|" so that a query never matches across
// two of them. A name without Han characters gives just the lower-cased name.
func Key(name string) string {
	name = strings.TrimSpace(name)
	lower := strings.ToLower(name)
	var spaced, joined, initials strings.Builder
	han := false
	prevHan := false
	personal := looksPersonal(lower)
	for i, r := range lower {
		s := syllable(r)
		if reading, ok := surnameReadings[r]; ok && i == 0 && personal {
			s = reading
		}
		if s != "" {
			han = true
			if spaced.Len() > 0 {
				spaced.WriteByte(' ')
			}
			spaced.WriteString(s)
			joined.WriteString(s)
			initials.WriteByte(s[0])
			prevHan = true
			continue
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if prevHan && spaced.Len() > 0 {
				spaced.WriteByte(' ')
			}
			spaced.WriteRune(r)
			joined.WriteRune(r)
			prevHan = false
		default:
			if spaced.Len() > 0 && !strings.HasSuffix(spaced.String(), " ") {
				spaced.WriteByte(' ')
			}
			prevHan = false
		}
	}
	if !han {
		return truncate(lower)
	}
	return truncate(lower + "|" + strings.TrimSpace(spaced.String()) + "|" + joined.String() + "|" + initials.String())
}

// Query normalises what a user typed into the form the key is searched
// with: trimmed, lower-cased, runs of white space folded into one space. A
// query of latin letters with spaces ("zhang wei") matches the spaced pinyin,
// without ("zhangwei") the joined one.
func Query(q string) string {
	return strings.Join(strings.Fields(strings.ToLower(q)), " ")
}

func truncate(s string) string {
	if len(s) <= MaxKeyLen {
		return s
	}
	// cut on a rune boundary
	cut := MaxKeyLen
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// surnameReadings are the readings of characters that read otherwise as a
// surname: 曾 is "zeng" in 曾伟, "ceng" elsewhere.
var surnameReadings = map[rune]string{
	'曾': "zeng", '单': "shan", '仇': "qiu", '解': "xie", '区': "ou", '朴': "piao", '查': "zha",
	'盖': "ge", '乐': "yue", '尉': "yu", '缪': "miao", '繁': "po", '种': "chong", '秘': "bi", '覃': "qin",
}

// looksPersonal reports whether name is a person's name in characters: two
// to four Han characters and nothing else.
func looksPersonal(name string) bool {
	n := 0
	for _, r := range name {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 4
}
