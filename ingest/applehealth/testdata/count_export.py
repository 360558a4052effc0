# Independent count of an Apple Health export.xml for the Go tests:
# python3's xml.etree, the whole tree in memory. Prints one JSON object per
# file named on the command line.
import json
import sys
import xml.etree.ElementTree as ET
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
    out[path] = {"records": records, "workouts": workouts, "other": other,
                 "correlation_records": corr_children, "weighins": weighins, "food_days": food_days}
json.dump(out, sys.stdout)
