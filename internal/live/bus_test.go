package live

import (
	"context"
	"encoding/json"
	"testing"
	"time"
)

func TestPayloadsFitInANotifyAndKeepEveryEventInOrder(t *testing.T) {
	var events []Event
	for i := range 1000 {
		events = append(events, Event{EntityType: "ContactRelation", EntityID: 1<<40 + i, Action: Update, AccountID: 1 << 33, At: time.Now()})
	}
	chunks := payloads(events)
	if len(chunks) < 2 {
		t.Fatalf("%d payloads for 1,000 events, want several", len(chunks))
	}
	var got []Event
	for _, c := range chunks {
		if len(c) > maxPayload {
			t.Errorf("payload of %d bytes, over %d", len(c), maxPayload)
		}
		var part []Event
		if err := json.Unmarshal([]byte(c), &part); err != nil {
			t.Fatal(err)
		}
		got = append(got, part...)
	}
	if len(got) != len(events) {
		t.Fatalf("%d events after the round trip, want %d", len(got), len(events))
	}
	for i := range got {
		if got[i].EntityID != events[i].EntityID {
			t.Fatalf("event %d is %d, want %d", i, got[i].EntityID, events[i].EntityID)
		}
	}
}

func TestCloseEndsSubscriptions(t *testing.T) {
	b := NewLocal()
	ch := b.Subscribe(context.Background())
	b.Publish(context.Background(), []Event{{EntityType: "Contact", EntityID: 1, Action: Create, AccountID: 2}})
	if e := <-ch; e.EntityID != 1 {
		t.Fatalf("got %+v", e)
	}
	b.Close()
	select {
	case _, ok := <-ch:
		if ok {
			t.Fatal("an event after Close")
		}
	case <-time.After(time.Second):
		t.Fatal("the subscription outlived Close")
	}
	if _, ok := <-b.Subscribe(context.Background()); ok {
		t.Fatal("subscribed to a closed bus")
	}
}
