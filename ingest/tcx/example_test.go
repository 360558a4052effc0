package tcx_test

import (
	"fmt"
	"strings"

	"gainguard/ingest/tcx"
)

func ExampleDecode() {
	const doc = `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
 <Activities>
  <Activity Sport="Running">
   <Id>2024-03-02T07:30:00.000+01:00</Id>
   <Lap StartTime="2024-03-02T06:30:00Z">
    <TotalTimeSeconds>20</TotalTimeSeconds>
    <DistanceMeters>62</DistanceMeters>
    <Calories>2</Calories>
    <Track>
     <Trackpoint>
      <Time>2024-03-02T06:30:00Z</Time>
      <HeartRateBpm><Value>128</Value></HeartRateBpm>
      <Extensions><ns3:TPX><ns3:Speed>3.0</ns3:Speed><ns3:RunCadence>84</ns3:RunCadence></ns3:TPX></Extensions>
     </Trackpoint>
     <Trackpoint>
      <Time>2024-03-02T06:30:20Z</Time>
      <HeartRateBpm><Value>136</Value></HeartRateBpm>
     </Trackpoint>
    </Track>
   </Lap>
   <Creator><Name>Forerunner 265</Name></Creator>
  </Activity>
 </Activities>
</TrainingCenterDatabase>`
	d, err := tcx.Decode(strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	a := d.Activities[0]
	fmt.Println(a.Start, a.Sport, a.Kind, a.Manufacturer, a.Product)
	fmt.Printf("%.0f s, %.0f m, %.0f kcal, HR avg %.0f max %.0f, %d samples, %d lap\n",
		a.ElapsedS, a.DistanceM, a.Calories, a.AvgHR, a.MaxHR, len(a.Samples), len(a.Laps))
	fmt.Printf("first sample: %.1f m/s, cadence %.0f\n", a.Samples[0].SpeedMS, a.Samples[0].Cadence)
	// Output:
	// 2024-03-02 06:30:00 +0000 UTC running run garmin Forerunner 265
	// 20 s, 62 m, 2 kcal, HR avg 132 max 136, 2 samples, 1 lap
	// first sample: 3.0 m/s, cadence 84
}
