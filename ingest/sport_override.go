package ingest

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
)

// Correcting a sport. Two settings correct what the files (or the guesses)
// say:
//
//   - [Options.SportOverrides] (analyze's --sport-override FILE=SPORT):
//     FILE is a file, a folder (every file below it), an archive entry
//     ("export.zip!activities/123.fit.gz"), or a bare file name
//     ("123.fit.gz", matched anywhere); SPORT is read by [ParseSport]. It
//     sets the sport of every activity of the matching files, whatever
//     their source said: source "override".
//   - A [SportFileName] file in a folder names the sport of the untyped
//     activities of the files in that folder and below (the nearest such
//     file wins): those with no sport, or one guessed from the name or the
//     stream. The device's, the file's own and Strava's sports stay.
//     Source "folder".

// SportFileName is the per-folder sport setting: a text file whose first
// line that is neither empty nor a "#" comment is a sport ([ParseSport]).
const SportFileName = "gainguard-sport.txt"

// A SportOverride sets the sport of the activities of one file or folder
// (see "Correcting a sport").
type SportOverride struct {
	Path  string // file, folder, archive entry or bare file name, as given
	Sport string // as given; see ParseSport
}

// sportWords are the sports ParseSport knows besides the name words and
// Strava's types: gainguard's own (the FIT profile's) names.
var sportWords = map[string][2]string{
	"running": {"running", ""}, "cycling": {"cycling", ""}, "walking": {"walking", ""},
	"hiking": {"hiking", ""}, "swimming": {"swimming", ""}, "rowing": {"rowing", ""},
	"training": {"training", "strength_training"}, "strength_training": {"training", "strength_training"},
	"lift": {"training", "strength_training"}, "elliptical": {"fitness_equipment", "elliptical"},
	"cross_country_skiing": {"cross_country_skiing", ""}, "other": {"other", ""},
}

// ParseSport reads a sport as a person writes it: gainguard's names
// ("running", "cycling", "walking", "hiking", "swimming", "rowing",
// "strength_training"), a sport word of an activity name in any language
// [NameSport] knows ("run", "ride", "lauf", "vélo"), a Strava activity type
// ("Run", "Ride", "WeightTraining"), "sport/sub_sport" ("running/trail"),
// or "other" (never scored).
func ParseSport(s string) (sport, sub string, err error) {
	raw := s
	s, subRaw, hasSub := strings.Cut(strings.TrimSpace(s), "/")
	key := NormalizeName(foldAccents.Replace(strings.ToLower(s)))
	if v, ok := sportWords[key]; ok {
		sport, sub = v[0], v[1]
	} else if v, ok := nameSports[key]; ok {
		sport, sub = v[0], v[1]
	} else if v, ok := stravaSports[strings.ReplaceAll(key, "_", "")]; ok {
		sport, sub = v[0], v[1]
	} else {
		return "", "", fmt.Errorf("unknown sport %q (try running, cycling, walking, hiking, swimming, rowing, strength_training or other)", raw)
	}
	if hasSub {
		sub = NormalizeName(subRaw)
	}
	return sport, sub, nil
}

// folderSport is a SportFileName setting read from a folder.
type folderSport struct {
	dir        string // absolute, cleaned
	sport, sub string
	path       string // the setting file, as walked
}

// readSportFile reads a SportFileName file (job j) and returns its row and
// setting.
func readSportFile(j job) fileOutcome {
	out := fileOutcome{file: FileResult{Path: j.path, Athlete: j.athlete, SizeBytes: j.size, Format: "sport-setting"}}
	fail := func(err error) fileOutcome {
		out.file.Status, out.file.Reason = StatusFailed, fmt.Sprintf("%s: %v", SportFileName, err)
		return out
	}
	f, err := OpenRegular(j.path, true)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, 4096))
	line := ""
	for sc.Scan() {
		if l := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff")); l != "" && !strings.HasPrefix(l, "#") {
			line = l
			break
		}
	}
	if err := sc.Err(); err != nil {
		return fail(err)
	}
	if line == "" {
		return fail(fmt.Errorf("no sport in the file"))
	}
	sport, sub, err := ParseSport(line)
	if err != nil {
		return fail(err)
	}
	dir, err := filepath.Abs(filepath.Dir(j.path))
	if err != nil {
		return fail(err)
	}
	out.file.Status = StatusImported
	out.file.Reason = fmt.Sprintf("sport setting: untyped activities in this folder and below are %s", joinSport(sport, sub))
	out.folderSport = &folderSport{dir: dir, sport: sport, sub: sub, path: j.path}
	return out
}

func joinSport(sport, sub string) string {
	if sub == "" {
		return sport
	}
	return sport + "/" + sub
}

// sourcePath splits an activity's Source into its file on disk (made
// absolute) and its archive entry ("" for a plain file).
func sourcePath(src string) (file, entry string) {
	file, entry, _ = strings.Cut(src, "!")
	if abs, err := filepath.Abs(file); err == nil {
		file = abs
	}
	return file, entry
}

// overrideMatches reports whether override path p names the activity
// source src (see "Correcting a sport").
func overrideMatches(src, p string) bool {
	file, entry := sourcePath(src)
	pFile, pEntry, pIsEntry := strings.Cut(p, "!")
	if pIsEntry {
		pf, _ := sourcePath(pFile)
		return entry != "" && pf == file && strings.ReplaceAll(pEntry, `\`, "/") == strings.ReplaceAll(entry, `\`, "/")
	}
	if !strings.ContainsAny(p, `/\`) && p != "." && p != ".." {
		// A bare name: the file (or entry) of that name anywhere.
		name := filepath.Base(file)
		if entry != "" {
			name = baseName(entry)
		}
		if name == p || (entry != "" && filepath.Base(file) == p) {
			return true
		}
	}
	pf, _ := sourcePath(p)
	return file == pf || strings.HasPrefix(file, strings.TrimSuffix(pf, string(filepath.Separator))+string(filepath.Separator))
}

// applySportSettings applies folder settings and overrides to acts (see
// "Correcting a sport"), notes each change in its file's row, and returns
// the overrides that matched no activity.
func applySportSettings(acts []Activity, files []FileResult, folders []folderSport, overrides []SportOverride) (unused []string) {
	if len(folders) == 0 && len(overrides) == 0 {
		return nil
	}
	row := map[string]int{}
	for i, f := range files {
		if f.Format != "zip" {
			row[f.Path] = i
		}
	}
	note := func(a *Activity, text string) {
		if i, ok := row[a.Source]; ok {
			if files[i].Reason != "" {
				files[i].Reason += "; "
			}
			files[i].Reason += text
		}
	}
	byDir := map[string]*folderSport{}
	for i := range folders {
		byDir[folders[i].dir] = &folders[i]
	}
	parsed := make([][2]string, len(overrides))
	for i, o := range overrides {
		parsed[i][0], parsed[i][1], _ = ParseSport(o.Sport) // validated by the caller
	}
	used := make([]bool, len(overrides))
	for i := range acts {
		a := &acts[i]
		before, beforeSrc := joinSport(a.Sport, a.SubSport), a.SportSource
		if beforeSrc == "" {
			beforeSrc = "none"
		}
		done := false
		for k := len(overrides) - 1; k >= 0 && !done; k-- { // the last matching override wins
			if overrideMatches(a.Source, overrides[k].Path) {
				used[k], done = true, true
				setSport(a, parsed[k][0], parsed[k][1], SportSourceOverride)
				a.ID = ActivityID(a)
				note(a, fmt.Sprintf("activity %d: sport %s set by --sport-override %s (was %q from %s)",
					a.Index+1, joinSport(a.Sport, a.SubSport), overrides[k].Path, before, beforeSrc))
			}
		}
		if done || len(byDir) == 0 || sportRank(a.SportSource) >= sportRank(SportSourceFolder) {
			continue
		}
		file, _ := sourcePath(a.Source)
		for dir := filepath.Dir(file); ; dir = filepath.Dir(dir) {
			if fs, ok := byDir[dir]; ok {
				setSport(a, fs.sport, fs.sub, SportSourceFolder)
				a.ID = ActivityID(a)
				note(a, fmt.Sprintf("activity %d: sport %s from %s (was %q from %s)",
					a.Index+1, joinSport(a.Sport, a.SubSport), fs.path, before, beforeSrc))
				break
			}
			if parent := filepath.Dir(dir); parent == dir {
				break
			}
		}
	}
	for k, u := range used {
		if !u && !slices.Contains(unused, overrides[k].Path) {
			unused = append(unused, overrides[k].Path)
		}
	}
	return unused
}
