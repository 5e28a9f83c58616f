// gosession drives io.podman's upgrade methods through bindings that varlink-go-interface-generator
// made from io.podman.varlink, over a bridge command (ssh ... varlink bridge), reading and writing
// 1.9.3's frames ([dest, 0, 0, 0, BE uint32 length] + payload) itself, as podman-remote 1.x did:
// an exec without a terminal (stdin, hang-up), an exec with one, and an attach that starts a
// container. Each step prints one JSON line {"step": ..., ...} for the test to check.
//
// Usage: gosession -bridge 'ssh ... varlink bridge --connect unix:/run/podman/io.podman' -running NAME -created NAME
package main

import (
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"time"

	"github.com/varlink/go/varlink"

	"gopodman/iopodman"
)

func writeFrame(ctx context.Context, conn varlink.ReadWriterContext, dest byte, payload []byte) error {
	frame := make([]byte, 8+len(payload))
	frame[0] = dest
	binary.BigEndian.PutUint32(frame[4:8], uint32(len(payload)))
	copy(frame[8:], payload)
	_, err := conn.Write(ctx, frame)
	return err
}

// session reads frames until the quit frame: stdout (dest 0), stderr (dest 2), the exit code.
func session(ctx context.Context, conn varlink.ReadWriterContext) (map[string]interface{}, error) {
	stdout, stderr := []byte{}, []byte{}
	dests := []int{}
	header := make([]byte, 8)
	for {
		if err := readFull(ctx, conn, header); err != nil {
			return nil, err
		}
		payload := make([]byte, binary.BigEndian.Uint32(header[4:8]))
		if err := readFull(ctx, conn, payload); err != nil {
			return nil, err
		}
		dests = append(dests, int(header[0]))
		switch header[0] {
		case 0:
			stdout = append(stdout, payload...)
		case 2:
			stderr = append(stderr, payload...)
		case 4:
			return map[string]interface{}{"stdout": string(stdout), "stderr": string(stderr), "exitcode": binary.BigEndian.Uint32(payload), "dests": dests}, nil
		default:
			return nil, fmt.Errorf("unexpected frame for destination %d", header[0])
		}
	}
}

func main() {
	bridge := flag.String("bridge", "", "the bridge command line")
	running := flag.String("running", "", "a running container to exec in")
	created := flag.String("created", "", "a created container to attach to and start")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	connect := func(step string) *varlink.Connection {
		c, err := varlink.NewBridge(*bridge)
		if err != nil {
			fail(step, err)
		}
		return c
	}

	// exec without a terminal: stdin frames, then the hang-up podman-remote sends at its input's end.
	c := connect("exec")
	receive, err := iopodman.ExecContainer().Upgrade(ctx, c, iopodman.ExecOpts{Name: *running, Cmd: []string{"/bin/sh", "-c", "cat; echo err >&2; exit 7"}})
	if err != nil {
		fail("exec", err)
	}
	_, conn, err := receive(ctx)
	if err != nil {
		fail("exec", err)
	}
	if err := writeFrame(ctx, conn, 1, []byte("from go\n")); err != nil {
		fail("exec", err)
	}
	if err := writeFrame(ctx, conn, 5, []byte("EOF")); err != nil {
		fail("exec", err)
	}
	result, err := session(ctx, conn)
	if err != nil {
		fail("exec", err)
	}
	c.Close()
	emit("exec", result)

	// exec with a terminal: one output stream.
	c = connect("exec-tty")
	receive, err = iopodman.ExecContainer().Upgrade(ctx, c, iopodman.ExecOpts{Name: *running, Tty: true, Cmd: []string{"/bin/sh", "-c", "echo tty-out; echo tty-err >&2; exit 4"}})
	if err != nil {
		fail("exec-tty", err)
	}
	_, conn, err = receive(ctx)
	if err != nil {
		fail("exec-tty", err)
	}
	result, err = session(ctx, conn)
	if err != nil {
		fail("exec-tty", err)
	}
	c.Close()
	emit("exec-tty", result)

	// exec in a container that does not exist: the typed error.
	c = connect("exec-missing")
	receive, err = iopodman.ExecContainer().Upgrade(ctx, c, iopodman.ExecOpts{Name: *running + "-nosuch", Cmd: []string{"true"}})
	if err == nil {
		_, _, err = receive(ctx)
	}
	notFound, ok := err.(*iopodman.ContainerNotFound)
	if !ok {
		fail("exec-missing", fmt.Errorf("ExecContainer in a missing container: %v, not ContainerNotFound", err))
	}
	c.Close()
	emit("exec-missing", map[string]interface{}{"id": notFound.Id})

	// attach, starting the container (podman-remote run without -d).
	c = connect("attach")
	attach, err := iopodman.Attach().Upgrade(ctx, c, *created, "", true)
	if err != nil {
		fail("attach", err)
	}
	_, conn, err = attach(ctx)
	if err != nil {
		fail("attach", err)
	}
	result, err = session(ctx, conn)
	if err != nil {
		fail("attach", err)
	}
	c.Close()
	emit("attach", result)
}
