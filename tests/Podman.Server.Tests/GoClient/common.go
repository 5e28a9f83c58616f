// The helpers every Go client program here shares; build.sh puts this file beside the program's main.go.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/varlink/go/varlink"
)

// emit prints one step as a JSON line {"step": ..., ...} for the test to read.
func emit(step string, fields map[string]interface{}) {
	fields["step"] = step
	line, _ := json.Marshal(fields)
	fmt.Println(string(line))
}

// fail prints the step that failed and why, and exits 1.
func fail(step string, err error) {
	emit("error", map[string]interface{}{"at": step, "error": err.Error()})
	os.Exit(1)
}

// readFull reads exactly len(buf) bytes from an upgraded connection.
func readFull(ctx context.Context, conn varlink.ReadWriterContext, buf []byte) error {
	for filled := 0; filled < len(buf); {
		n, err := conn.Read(ctx, buf[filled:])
		if err != nil {
			return err
		}
		filled += n
	}
	return nil
}
