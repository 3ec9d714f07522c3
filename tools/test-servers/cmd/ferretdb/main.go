// Command ferretdb runs an embedded FerretDB for tests: SQLite backend by default, or
// PostgreSQL with -postgresql-url (several times faster for filtered queries and updates).
//
// Clients reach FerretDB through a proxy that applies each collection's writes one at a time
// (serialize.go), so they can use a pool of connections without losing writes.
//
// It prints exactly one line, the MongoDB URI (e.g. "mongodb://127.0.0.1:PORT/"),
// on stdout once the listener is bound and accepting connections, logs to stderr
// at warn level, and exits 0 on SIGTERM/SIGINT.
//
// Embedding the github.com/FerretDB/FerretDB/ferretdb package (instead of
// `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.0`) avoids the
// panic about the missing build/version/version.txt in module-mode builds.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	dir := flag.String("dir", "", "data directory for the SQLite backend (required)")
	postgresURL := flag.String("postgresql-url", "", "use the PostgreSQL backend at this URL instead of SQLite")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	flag.Parse()

	if *dir == "" {
		fmt.Fprintln(os.Stderr, "ferretdb: -dir is required")
		os.Exit(2)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: invalid -log-level %q: %v\n", *logLevel, err)
		os.Exit(2)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: cannot create data directory: %v\n", err)
		os.Exit(1)
	}

	// The embedded package always disables telemetry (state provider without a file,
	// DisableTelemetry + TelemetryLocked); no telemetry reporter is ever started.
	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}

	config := &ferretdb.Config{
		// FerretDB itself listens on a loopback port of its own, reached only through the proxy.
		Listener: ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Logger:   logger,
		Handler:  "sqlite",
		// SQLite URI must be a directory URI ending with a slash.
		SQLiteURL: "file:" + *dir + "/",
	}
	if *postgresURL != "" {
		config.Handler = "postgresql"
		config.PostgreSQLURL = *postgresURL
	}
	f, err := ferretdb.New(config)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// ferretdb.New has already bound its listener; MongoDBURI reports its address. Connections
	// queued before the accept loop starts are served as soon as Run gets going.
	upstream, err := url.Parse(f.MongoDBURI())
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}
	go serveSerialized(listener, upstream.Host, logger)
	go func() {
		<-ctx.Done()
		listener.Close()
	}()
	fmt.Fprintf(os.Stdout, "mongodb://%s/\n", listener.Addr())

	if err := <-done; err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}
}
