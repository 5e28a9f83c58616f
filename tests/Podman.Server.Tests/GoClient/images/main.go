// goimages drives io.podman's volume, pod and image methods through bindings that
// varlink-go-interface-generator made from io.podman.varlink, over a bridge command (ssh ... varlink
// bridge): volume create/ls/rm, pod create/start/inspect, push to a registry and pull back with the
// progress streamed (varlink "more"), a pull of a name that cannot exist, and a build whose context
// goes up with SendFile (an upgraded connection: the bytes, then the service's "handle:" ACK). Each
// step prints one JSON line {"step": ..., ...} for the test to check against what podman says.
//
// Usage: goimages -bridge 'ssh ... varlink bridge --connect unix:/run/podman/io.podman' -image IMAGE
//
//	-registry HOST:PORT -volume NAME -pod NAME -built IMAGE
package main

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/varlink/go/varlink"

	"gopodman/iopodman"
)

// streamed collects every reply of a "more" call: how many came, all their log lines, the last id.
func streamed(ctx context.Context, receive func(context.Context) (iopodman.MoreResponse, uint64, error)) (map[string]interface{}, error) {
	replies, logs, id := 0, []string{}, ""
	for {
		reply, flags, err := receive(ctx)
		if err != nil {
			return nil, err
		}
		replies++
		logs = append(logs, reply.Logs...)
		if reply.Id != "" {
			id = reply.Id
		}
		if flags&varlink.Continues == 0 {
			return map[string]interface{}{"replies": replies, "logs": logs, "id": id}, nil
		}
	}
}

func volumeNames(ctx context.Context, c *varlink.Connection) ([]string, error) {
	volumes, err := iopodman.GetVolumes().Call(ctx, c, []string{}, true)
	if err != nil {
		return nil, err
	}
	names := []string{}
	for _, v := range volumes {
		names = append(names, v.Name)
	}
	return names, nil
}

// contextTar is the build context: a Containerfile that copies a file of the context and runs a step.
func contextTar(image string) []byte {
	var buffer bytes.Buffer
	w := tar.NewWriter(&buffer)
	for _, f := range []struct{ name, body string }{
		{"Containerfile", "FROM " + image + "\nCOPY greeting /greeting\nRUN echo ran >> /greeting\n"},
		{"greeting", "hi from go\n"},
	} {
		w.WriteHeader(&tar.Header{Name: f.name, Mode: 0644, Size: int64(len(f.body)), ModTime: time.Unix(1577836800, 0)})
		w.Write([]byte(f.body))
	}
	w.Close()
	return buffer.Bytes()
}

func main() {
	bridge := flag.String("bridge", "", "the bridge command line")
	image := flag.String("image", "", "a local image to push and build from")
	registry := flag.String("registry", "", "the registry as the guest reaches it")
	volume := flag.String("volume", "", "a volume name to create and remove")
	pod := flag.String("pod", "", "a pod name to create and start")
	built := flag.String("built", "", "the name of the image to build")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	c, err := varlink.NewBridge(*bridge)
	if err != nil {
		fail("connect", err)
	}
	defer c.Close()

	// volume create, ls, rm
	name, err := iopodman.VolumeCreate().Call(ctx, c, iopodman.VolumeCreateOpts{VolumeName: *volume, Labels: map[string]string{"app": "go"}, Options: map[string]string{}})
	if err != nil {
		fail("volume", err)
	}
	listed, err := volumeNames(ctx, c)
	if err != nil {
		fail("volume", err)
	}
	successes, failures, err := iopodman.VolumeRemove().Call(ctx, c, iopodman.VolumeRemoveOpts{Volumes: []string{*volume}})
	if err != nil {
		fail("volume", err)
	}
	after, err := volumeNames(ctx, c)
	if err != nil {
		fail("volume", err)
	}
	emit("volume", map[string]interface{}{"created": name, "listed": listed, "removed": successes, "failures": failures, "after": after})

	// pod create, start, inspect
	podID, err := iopodman.CreatePod().Call(ctx, c, iopodman.PodCreate{Name: *pod, Labels: map[string]string{"app": "go"}, Share: []string{"cgroup,ipc,net,uts"}, Infra: true, Publish: []string{}})
	if err != nil {
		fail("pod", err)
	}
	started, err := iopodman.StartPod().Call(ctx, c, *pod)
	if err != nil {
		fail("pod", err)
	}
	inspect, err := iopodman.InspectPod().Call(ctx, c, *pod)
	if err != nil {
		fail("pod", err)
	}
	var inspected interface{}
	if err := json.Unmarshal([]byte(inspect), &inspected); err != nil {
		fail("pod", err)
	}
	listedPod, err := iopodman.GetPod().Call(ctx, c, *pod)
	if err != nil {
		fail("pod", err)
	}
	emit("pod", map[string]interface{}{"created": podID, "started": started, "inspect": inspected, "status": listedPod.Status, "containers": listedPod.Numberofcontainers})

	// push, then pull back, the progress streamed
	remote := *registry + "/go/bb:v1"
	push, err := iopodman.PushImage().Send(ctx, c, varlink.More, *image, remote, false, "", false, "")
	if err != nil {
		fail("push", err)
	}
	pushed, err := streamed(ctx, push)
	if err != nil {
		fail("push", err)
	}
	emit("push", pushed)
	pull, err := iopodman.PullImage().Send(ctx, c, varlink.More, remote, iopodman.AuthConfig{})
	if err != nil {
		fail("pull", err)
	}
	pulled, err := streamed(ctx, pull)
	if err != nil {
		fail("pull", err)
	}
	emit("pull", pulled)

	// a pull of a name that cannot exist: the typed error
	missing, err := iopodman.PullImage().Send(ctx, c, varlink.More, *registry+"/go/nosuch:v1", iopodman.AuthConfig{})
	if err == nil {
		_, err = streamed(ctx, missing)
	}
	occurred, ok := err.(*iopodman.ErrorOccurred)
	if !ok {
		fail("pull-missing", fmt.Errorf("PullImage of a missing name: %v, not ErrorOccurred", err))
	}
	emit("pull-missing", map[string]interface{}{"reason": occurred.Reason})

	// build: the context by SendFile on a connection of its own, then BuildImage with its output streamed
	content := contextTar(*image)
	sc, err := varlink.NewBridge(*bridge)
	if err != nil {
		fail("build", err)
	}
	send, err := iopodman.SendFile().Upgrade(ctx, sc, "", int64(len(content)))
	if err != nil {
		fail("build", err)
	}
	handle, _, conn, err := send(ctx)
	if err != nil {
		fail("build", err)
	}
	if _, err := conn.Write(ctx, content); err != nil {
		fail("build", err)
	}
	ack := make([]byte, len(handle)+1)
	if err := readFull(ctx, conn, ack); err != nil {
		fail("build", err)
	}
	sc.Close()
	if string(ack) != handle+":" {
		fail("build", fmt.Errorf("SendFile acknowledged %q for %q", ack, handle))
	}
	build, err := iopodman.BuildImage().Send(ctx, c, varlink.More, iopodman.BuildInfo{
		ContextDir: handle, Dockerfiles: []string{"Containerfile"}, Output: *built, PullPolicy: "PullNever",
		Layers: true, RemoteIntermediateCtrs: true, BuildArgs: map[string]string{},
	})
	if err != nil {
		fail("build", err)
	}
	result, err := streamed(ctx, build)
	if err != nil {
		fail("build", err)
	}
	result["handle"] = handle
	result["steps"] = strings.Count(strings.Join(result["logs"].([]string), ""), "STEP ")
	emit("build", result)
}
