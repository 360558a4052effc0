# Independent count of an Apple Health export.xml for the Go tests:
# python3's xml.etree, the whole tree in memory. Prints one JSON object per
# file named on the command line.
import json
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from collections import Counter

out = {}
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    records, workouts, other = Counter(), Counter(), Counter()
    corr_children = 0
    units = Counter()
    for el in root:
        if el.tag == "Record":
            records[el.get("type")] += 1
        elif el.tag == "Workout":
            workouts[el.get("workoutActivityType")] += 1
        elif el.tag == "Correlation":
            corr_children += sum(1 for c in el if c.tag == "Record")
        else:
            other[el.tag] += 1
    weighins = sum(1 for el in root if el.tag == "Record" and el.get("type") == "HKQuantityTypeIdentifierBodyMass")
    food_days = len({el.get("startDate")[:10] for el in root if el.tag == "Record" and el.get("type") in (
        "HKQuantityTypeIdentifierDietaryEnergyConsumed",
        "HKQuantityTypeIdentifierDietaryProtein",
        "HKQuantityTypeIdentifierDietaryCarbohydrates")})
    # Heart-rate records (top level) whose start lies in a workout's span,
    # both ends included, to the second.
    def when(s):
        return datetime.strptime(s, "%Y-%m-%d %H:%M:%S %z")
    spans = [(when(w.get("startDate")), when(w.get("endDate"))) for w in root if w.tag == "Workout"]
    hr_in = 0
    for el in root:
        if el.tag == "Record" and el.get("type") == "HKQuantityTypeIdentifierHeartRate":
            t = when(el.get("startDate"))
            hr_in += sum(1 for a, b in spans if a <= t <= b)
    # Sleep: per night (the local date of start + 12 h), the length of the
    # union of the asleep intervals; awake intervals are not sleep.
    asleep_values = {"HKCategoryValueSleepAnalysisAsleep", "HKCategoryValueSleepAnalysisAsleepUnspecified",
                     "HKCategoryValueSleepAnalysisAsleepCore", "HKCategoryValueSleepAnalysisAsleepDeep",
                     "HKCategoryValueSleepAnalysisAsleepREM", "1"}
    by_night = {}
    for el in root:
        if el.tag == "Record" and el.get("type") == "HKCategoryTypeIdentifierSleepAnalysis":
            v = el.get("value")
            if v in ("HKCategoryValueSleepAnalysisAwake", "2"):
                continue
            a, b = when(el.get("startDate")), when(el.get("endDate"))
            night = (a + timedelta(hours=12)).date().isoformat()
            by_night.setdefault(night, [])
            if v in asleep_values:
                by_night[night].append((a, b))
    sleep = {}
    for night, spans_ in by_night.items():
        total, end = 0.0, None
        for a, b in sorted(spans_):
            if end is None or a > end:
                total += (b - a).total_seconds()
                end = b
            elif b > end:
                total += (b - end).total_seconds()
                end = b
        sleep[night] = total
    out[path] = {"records": records, "workouts": workouts, "other": other,
                 "correlation_records": corr_children, "weighins": weighins, "food_days": food_days,
                 "hr_in_workouts": hr_in, "sleep_asleep_s": sleep}
json.dump(out, sys.stdout)
