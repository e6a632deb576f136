package metrics

import (
	"context"
	"database/sql"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// webhookCollector reads the webhook outbox at scrape time, so that the
// numbers are the database's (they survive restarts and add up across
// servers) rather than one process's.
type webhookCollector struct {
	db         *sql.DB
	deliveries *prometheus.Desc
	retrying   *prometheus.Desc
}

func newWebhookCollector(db *sql.DB) *webhookCollector {
	return &webhookCollector{
		db: db,
		deliveries: prometheus.NewDesc("rapport_webhook_deliveries",
			"Webhook deliveries in the outbox by status (PENDING, DELIVERED, FAILED after every retry).", []string{"status"}, nil),
		retrying: prometheus.NewDesc("rapport_webhook_deliveries_retrying",
			"Pending webhook deliveries that have failed at least once.", nil, nil),
	}
}

func (c *webhookCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.deliveries
	ch <- c.retrying
}

func (c *webhookCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	rows, err := c.db.QueryContext(ctx, `SELECT status, COUNT(*), SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) FROM webhook_deliveries GROUP BY status`)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.deliveries, err)
		return
	}
	defer rows.Close()
	counts := map[string]float64{"PENDING": 0, "DELIVERED": 0, "FAILED": 0}
	var retrying float64
	for rows.Next() {
		var status string
		var n, tried float64
		if err := rows.Scan(&status, &n, &tried); err != nil {
			ch <- prometheus.NewInvalidMetric(c.deliveries, err)
			return
		}
		counts[status] = n
		if status == "PENDING" {
			retrying = tried
		}
	}
	for status, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.deliveries, prometheus.GaugeValue, n, status)
	}
	ch <- prometheus.MustNewConstMetric(c.retrying, prometheus.GaugeValue, retrying)
}
