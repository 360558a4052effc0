package report_test

import (
	"gainguard/report"
	"gainguard/report/html"
	"gainguard/report/tables"
)

func init() { report.SetTestWriters(html.Write, tables.Write) }
