package main

// FerretDB 1.x runs an update as read, modify, write without isolating it from other connections:
// 50 concurrent $inc on one document through 10 connections leave it at 3 to 12, and two
// conditional updates of the same version can both succeed. MongoDB makes every single-document
// write atomic, and the services rely on that (optimistic concurrency, the outbox's $push/$pull).
//
// So clients do not talk to FerretDB directly: this proxy forwards every message unchanged, but
// holds a per-collection lock from a write command until FerretDB has answered it. Reads go through
// at once, so a client may use a pool of connections: writes to one collection are applied one at a
// time, and reads see either the state before a write or after it.

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"

	"go.mongodb.org/mongo-driver/x/bsonx/bsoncore"
)

const (
	opQuery = 2004
	opMsg   = 2013

	msgChecksumPresent = 1 << 0
	msgMoreToCome      = 1 << 1

	maxMessageBytes = 48 << 20 // MongoDB's maxMessageSizeBytes
)

// readOnlyCommands are the commands that change nothing; any other command is treated as a write.
var readOnlyCommands = map[string]bool{
	"aggregate": true, "buildInfo": true, "buildinfo": true, "collStats": true, "connectionStatus": true,
	"count": true, "dataSize": true, "dbStats": true, "distinct": true, "endSessions": true,
	"explain": true, "find": true, "getCmdLineOpts": true, "getLog": true, "getMore": true,
	"getParameter": true, "hello": true, "hostInfo": true, "isMaster": true, "ismaster": true,
	"killCursors": true, "listCollections": true, "listDatabases": true, "listIndexes": true,
	"ping": true, "saslContinue": true, "saslStart": true, "serverStatus": true, "whatsmyuri": true,
}

type message struct {
	bytes      []byte
	requestID  int32
	responseTo int32
	opCode     int32
}

func readMessage(r *bufio.Reader) (*message, error) {
	var size [4]byte
	if _, err := io.ReadFull(r, size[:]); err != nil {
		return nil, err
	}
	length := int32(binary.LittleEndian.Uint32(size[:]))
	if length < 16 || length > maxMessageBytes {
		return nil, fmt.Errorf("invalid message length %d", length)
	}
	bytes := make([]byte, length)
	copy(bytes, size[:])
	if _, err := io.ReadFull(r, bytes[4:]); err != nil {
		return nil, err
	}
	return &message{
		bytes:      bytes,
		requestID:  int32(binary.LittleEndian.Uint32(bytes[4:8])),
		responseTo: int32(binary.LittleEndian.Uint32(bytes[8:12])),
		opCode:     int32(binary.LittleEndian.Uint32(bytes[12:16])),
	}, nil
}

// writeTarget returns what a write command changes ("db.collection", or "db" for a command on the
// database itself), and false for anything else: reads, legacy OP_QUERY handshakes, and
// fire-and-forget messages that get no answer to wait for.
func writeTarget(m *message) (string, bool) {
	if m.opCode != opMsg || len(m.bytes) < 21 {
		return "", false
	}
	flags := binary.LittleEndian.Uint32(m.bytes[16:20])
	if flags&msgMoreToCome != 0 {
		return "", false
	}
	sections := m.bytes[20:]
	if flags&msgChecksumPresent != 0 && len(sections) >= 4 {
		sections = sections[:len(sections)-4]
	}
	for len(sections) > 0 {
		kind, rest := sections[0], sections[1:]
		if kind == 1 { // a document sequence: int32 size (itself included), identifier, documents
			if len(rest) < 4 {
				return "", false
			}
			size := int(binary.LittleEndian.Uint32(rest))
			if size < 4 || size > len(rest) {
				return "", false
			}
			sections = rest[size:]
			continue
		}
		command, _, ok := bsoncore.ReadDocument(rest)
		if !ok {
			return "", false
		}
		first, err := command.IndexErr(0)
		if err != nil || readOnlyCommands[first.Key()] {
			return "", false
		}
		db, ok := command.Lookup("$db").StringValueOK()
		if !ok {
			db = "admin"
		}
		// insert, update, delete, findAndModify, create, drop, createIndexes...: {<name>: "<collection>"}
		if collection, ok := first.Value().StringValueOK(); ok {
			return db + "." + collection, true
		}
		return db, true
	}
	return "", false
}

type writeLocks struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (l *writeLocks) forTarget(target string) *sync.Mutex {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.locks == nil {
		l.locks = map[string]*sync.Mutex{}
	}
	lock, ok := l.locks[target]
	if !ok {
		lock = new(sync.Mutex)
		l.locks[target] = lock
	}
	return lock
}

// serveSerialized accepts clients on listener and relays each to its own connection to upstream.
func serveSerialized(listener net.Listener, upstream string, logger *slog.Logger) {
	locks := new(writeLocks)
	for {
		client, err := listener.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				logger.Error("accept failed", "error", err)
			}
			return
		}
		go relay(client, upstream, locks, logger)
	}
}

func relay(client net.Conn, upstream string, locks *writeLocks, logger *slog.Logger) {
	defer client.Close()
	server, err := net.Dial("tcp", upstream)
	if err != nil {
		logger.Error("cannot reach FerretDB", "error", err)
		return
	}
	defer server.Close()

	// The write locks this connection holds, by the id of the request whose answer releases them.
	var heldMu sync.Mutex
	held := map[int32]*sync.Mutex{}
	releaseAll := func() {
		heldMu.Lock()
		defer heldMu.Unlock()
		for id, lock := range held {
			lock.Unlock()
			delete(held, id)
		}
	}
	defer releaseAll()

	answers := make(chan struct{})
	go func() {
		defer close(answers)
		defer client.Close() // unblocks the request loop when FerretDB goes away
		r := bufio.NewReader(server)
		for {
			m, err := readMessage(r)
			if err != nil {
				return
			}
			if _, err := client.Write(m.bytes); err != nil {
				return
			}
			heldMu.Lock()
			if lock, ok := held[m.responseTo]; ok {
				delete(held, m.responseTo)
				lock.Unlock()
			}
			heldMu.Unlock()
		}
	}()

	r := bufio.NewReader(client)
	for {
		m, err := readMessage(r)
		if err != nil {
			break
		}
		if target, isWrite := writeTarget(m); isWrite {
			lock := locks.forTarget(target)
			lock.Lock()
			heldMu.Lock()
			held[m.requestID] = lock
			heldMu.Unlock()
		}
		if _, err := server.Write(m.bytes); err != nil {
			break
		}
	}
	server.Close()
	<-answers
}
