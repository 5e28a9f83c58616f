// gopodman drives io.podman through bindings that varlink-go-interface-generator made from
// io.podman.varlink, over a bridge command (ssh ... varlink bridge), as podman-remote 1.x did: list,
// create, start, logs, stop, wait, remove, a missing container, and the events of it all. Each step
// prints one JSON line {"step": ..., ...} for the test to check against what podman says.
//
// Usage: gopodman -bridge 'ssh ... varlink bridge --connect unix:/run/podman/io.podman' -image IMAGE -name NAME
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/varlink/go/varlink"

	"gopodman/iopodman"
)

func connect(bridge string) *varlink.Connection {
	c, err := varlink.NewBridge(bridge)
	if err != nil {
		fail("connect", err)
	}
	return c
}

func main() {
	bridge := flag.String("bridge", "", "the bridge command line")
	image := flag.String("image", "", "the image to create the container from")
	name := flag.String("name", "", "the container's name")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c := connect(*bridge)
	defer c.Close()

	version, _, _, _, _, _, err := iopodman.GetVersion().Call(ctx, c)
	if err != nil {
		fail("version", err)
	}
	emit("version", map[string]interface{}{"version": version})

	containers, err := iopodman.ListContainers().Call(ctx, c)
	if err != nil {
		fail("list", err)
	}
	ids := []string{}
	for _, container := range containers {
		ids = append(ids, container.Id)
	}
	emit("list", map[string]interface{}{"ids": ids})

	// Events, followed on a connection of their own until the container's removal. libpod starts
	// tailing its event log a moment after the call: the stream is live once the event of a gate
	// container arrives (a gate made too early is missed, so another follows, at most ten).
	events := connect(*bridge)
	defer events.Close()
	receiveEvent, err := iopodman.GetEvents().Send(ctx, events, varlink.More, []string{}, "", "")
	if err != nil {
		fail("events", err)
	}
	live := make(chan struct{})
	statuses := make(chan []iopodman.Event, 1)
	go func() {
		seen := []iopodman.Event{}
		first := true
		for {
			event, _, err := receiveEvent(ctx)
			if err != nil {
				fail("events", err)
			}
			if first {
				first = false
				close(live)
			}
			if event.Name == *name {
				seen = append(seen, event)
			}
			if (event.Name == *name && event.Status == "remove") || event.Id == "" {
				statuses <- seen
				return
			}
		}
	}()
	gates := []string{}
	for attempt := 0; attempt < 10; attempt++ {
		gate := fmt.Sprintf("%s-gate-%d", *name, attempt)
		if _, err := iopodman.CreateContainer().Call(ctx, c, iopodman.Create{Args: []string{*image, "true"}, Name: &gate}); err != nil {
			fail("gate", err)
		}
		gates = append(gates, gate)
		select {
		case <-live:
			attempt = 10
		case <-time.After(3 * time.Second):
		}
	}
	select {
	case <-live:
	default:
		fail("events", errors.New("no event arrived for ten gate containers"))
	}
	for _, gate := range gates {
		if _, err := iopodman.RemoveContainer().Call(ctx, c, gate, true, true); err != nil {
			fail("gate", err)
		}
	}

	args := []string{*image, "/bin/sh", "-c", "echo hello from go; trap 'exit 0' TERM; while true; do sleep 0.1; done"}
	id, err := iopodman.CreateContainer().Call(ctx, c, iopodman.Create{Args: args, Name: name})
	if err != nil {
		fail("create", err)
	}
	emit("create", map[string]interface{}{"id": id})
	created, err := iopodman.GetContainer().Call(ctx, c, *name)
	if err != nil {
		fail("created", err)
	}
	emit("created", map[string]interface{}{"id": created.Id, "status": created.Status})

	started, err := iopodman.StartContainer().Call(ctx, c, *name)
	if err != nil {
		fail("start", err)
	}
	running, err := iopodman.GetContainer().Call(ctx, c, *name)
	if err != nil {
		fail("start", err)
	}
	emit("start", map[string]interface{}{"id": started, "status": running.Status})

	// The first line of the followed log (a connection of its own: leaving a stream closes it).
	logs := connect(*bridge)
	receiveLog, err := iopodman.GetContainerLogs().Send(ctx, logs, varlink.More, *name)
	if err != nil {
		fail("logs", err)
	}
	lines, _, err := receiveLog(ctx)
	if err != nil {
		fail("logs", err)
	}
	logs.Close()
	emit("logs", map[string]interface{}{"lines": lines})

	stopped, err := iopodman.StopContainer().Call(ctx, c, *name, 10)
	if err != nil {
		fail("stop", err)
	}
	exit, err := iopodman.WaitContainer().Call(ctx, c, *name, 100)
	if err != nil {
		fail("wait", err)
	}
	after, err := iopodman.GetContainer().Call(ctx, c, *name)
	if err != nil {
		fail("stop", err)
	}
	emit("stop", map[string]interface{}{"id": stopped, "status": after.Status, "exitcode": exit})

	removed, err := iopodman.RemoveContainer().Call(ctx, c, *name, false, true)
	if err != nil {
		fail("remove", err)
	}
	emit("remove", map[string]interface{}{"id": removed})

	_, err = iopodman.GetContainer().Call(ctx, c, *name)
	var notFound *iopodman.ContainerNotFound
	if !errors.As(err, &notFound) {
		fail("missing", fmt.Errorf("GetContainer of a removed container: %v, not ContainerNotFound", err))
	}
	emit("missing", map[string]interface{}{"id": notFound.Id})

	select {
	case seen := <-statuses:
		emit("events", map[string]interface{}{"events": seen})
	case <-ctx.Done():
		fail("events", ctx.Err())
	}
}
