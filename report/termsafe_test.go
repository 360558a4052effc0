package report

import (
	"encoding/json"
	"testing"
)

func TestTermSafe(t *testing.T) {
	for in, want := range map[string]string{
		"Alex":                   "Alex",
		"Zoë 日本":                 "Zoë 日本",
		"a\x1b]0;t\x07b":         `a\x1b]0;t\x07b`,
		"a\nb\tc\r":              `a\nb\tc\r`,
		"x\u202ey\u2066z\u200f":  `x\u202ey\u2066z\u200f`,
		"c1\u009b2J\u0085":       `c1\x9b2J\x85`,
		"del\x7f":                `del\x7f`,
		"bad utf8 \xff stays \\": `bad utf8 \xff stays \`,
	} {
		if got := TermSafe(in); got != want {
			t.Errorf("TermSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJSONTermSafe(t *testing.T) {
	in, _ := json.Marshal(map[string]string{"name": "a\u202eb\u0085c\U000E0001d"})
	out := JSONTermSafe(in)
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil || back["name"] != "a\u202eb\u0085c\U000E0001d" {
		t.Errorf("JSONTermSafe changed the meaning: %s → %v, %v", out, back, err)
	}
	if needsTermEscape(string(out)) {
		t.Errorf("JSONTermSafe left raw characters: %q", out)
	}
}
