package tables

import "testing"

func TestHivePathEscape(t *testing.T) {
	for in, want := range map[string]string{
		"alex":        "alex",
		"":            HiveDefaultPartition,
		"co/ach=1%":   "co%2Fach%3D1%25",
		"José Müller": "José Müller",
		"a\tb\x7f":    "a%09b%7F",
		`x:y?"z"#*'`:  "x%3Ay%3F%22z%22%23%2A%27",
		`\{[]^<>|`:    "%5C%7B%5B%5D%5E%3C%3E%7C",
	} {
		if got := HivePathEscape(in); got != want {
			t.Errorf("HivePathEscape(%q) = %q, want %q", in, got, want)
		}
	}
}
