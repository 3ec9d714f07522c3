package main

// FerretDB 1.x runs an update as read, modify, write without isolating it from other connections:
// 50 concurrent $inc on one document through 10 connections leave it at 3 to 12, and two
// conditional updates of the same version can both succeed. MongoDB makes every single-document
// write atomic, and the services rely on that (optimistic concurrency, the outbox's $push/$pull).
//
// So clients do not talk to FerretDB directly: this proxy forwards every message, but holds a
// per-collection lock from a write command until FerretDB has answered it. Reads go through at once,
// so a client may use a pool of connections: writes to one collection are applied one at a time, and
// reads see either the state before a write or after it.
//
// FerretDB's PostgreSQL backend can also deadlock under load, with every command waiting: it creates
// a collection (on its first insert) and its indexes holding its metadata registry's exclusive lock,
// and needs a connection of its PostgreSQL pool (50) to do so. Meanwhile an update holds one pool
// connection for its query while it waits for the registry and for a second connection, and every
// open cursor holds one until the client fetches its last batch. Once those hold the whole pool, the
// creation waits for a connection with the lock held, every command waiting for the lock ties up a
// client connection, and the getMores that would release the cursors never arrive. So the proxy
// keeps at most maxCommandsInFlight commands inside FerretDB (each needs two pool connections at
// most), and asks finds and aggregations for their whole answer in the first batch, so that no
// cursor outlives its command.

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

	// Two pool connections each stay below FerretDB's PostgreSQL pool of 50, with room for cursors
	// over answers larger than firstBatchSize.
	maxCommandsInFlight = 20
	// FerretDB allocates room for a whole batch up front, so not "unlimited": far more documents
	// than a local platform's queries return.
	firstBatchSize = 10_000
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

// expectsAnswer tells whether FerretDB answers m (fire-and-forget messages get no answer).
func expectsAnswer(m *message) bool {
	switch m.opCode {
	case opQuery:
		return true
	case opMsg:
		return len(m.bytes) >= 20 && binary.LittleEndian.Uint32(m.bytes[16:20])&msgMoreToCome == 0
	}
	return false
}

// command returns the command document of an OP_MSG (its body section) and where it is in m.bytes.
func command(m *message) (bsoncore.Document, int, bool) {
	if m.opCode != opMsg || len(m.bytes) < 21 {
		return nil, 0, false
	}
	flags := binary.LittleEndian.Uint32(m.bytes[16:20])
	end := len(m.bytes)
	if flags&msgChecksumPresent != 0 {
		end -= 4
	}
	for offset := 20; offset < end; {
		kind := m.bytes[offset]
		if kind == 1 { // a document sequence: int32 size (itself included), identifier, documents
			if end-offset < 5 {
				return nil, 0, false
			}
			size := int(binary.LittleEndian.Uint32(m.bytes[offset+1:]))
			if size < 4 || offset+1+size > end {
				return nil, 0, false
			}
			offset += 1 + size
			continue
		}
		doc, _, ok := bsoncore.ReadDocument(m.bytes[offset+1 : end])
		if !ok {
			return nil, 0, false
		}
		return doc, offset + 1, true
	}
	return nil, 0, false
}

// writeTarget returns what a write command changes ("db.collection", or "db" for a command on the
// database itself), and false for anything else: reads, legacy OP_QUERY handshakes, and
// fire-and-forget messages that get no answer to wait for.
func writeTarget(m *message) (string, bool) {
	if !expectsAnswer(m) {
		return "", false
	}
	cmd, _, ok := command(m)
	if !ok {
		return "", false
	}
	first, err := cmd.IndexErr(0)
	if err != nil || readOnlyCommands[first.Key()] {
		return "", false
	}
	db, ok := cmd.Lookup("$db").StringValueOK()
	if !ok {
		db = "admin"
	}
	// insert, update, delete, findAndModify, create, drop, createIndexes...: {<name>: "<collection>"}
	if collection, ok := first.Value().StringValueOK(); ok {
		return db + "." + collection, true
	}
	return db, true
}

// inOneBatch returns m with a find or aggregate asking for its answer in one batch (firstBatchSize),
// and m itself for anything else, or when it carries a checksum this would invalidate.
func inOneBatch(m *message) *message {
	cmd, at, ok := command(m)
	if !ok || binary.LittleEndian.Uint32(m.bytes[16:20])&msgChecksumPresent != 0 {
		return m
	}
	first, err := cmd.IndexErr(0)
	if err != nil {
		return m
	}
	var batchSize bsoncore.Element
	switch first.Key() {
	case "find":
		batchSize = bsoncore.AppendInt32Element(nil, "batchSize", firstBatchSize)
	case "aggregate":
		if _, err := cmd.LookupErr("cursor"); err != nil {
			return m // explain: no cursor
		}
		cursor := bsoncore.BuildDocumentFromElements(nil, bsoncore.AppendInt32Element(nil, "batchSize", firstBatchSize))
		batchSize = bsoncore.AppendDocumentElement(nil, "cursor", cursor)
	default:
		return m
	}
	elements, err := cmd.Elements()
	if err != nil {
		return m
	}
	kept := make([][]byte, 0, len(elements)+1)
	for _, element := range elements {
		if key := element.Key(); key != "batchSize" && !(key == "cursor" && first.Key() == "aggregate") {
			kept = append(kept, element)
		}
	}
	rewritten := bsoncore.BuildDocumentFromElements(nil, append(kept, batchSize)...)

	bytes := make([]byte, 0, len(m.bytes)-len(cmd)+len(rewritten))
	bytes = append(bytes, m.bytes[:at]...)
	bytes = append(bytes, rewritten...)
	bytes = append(bytes, m.bytes[at+len(cmd):]...)
	binary.LittleEndian.PutUint32(bytes[0:4], uint32(len(bytes)))
	return &message{bytes: bytes, requestID: m.requestID, responseTo: m.responseTo, opCode: m.opCode}
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
	inFlight := make(chan struct{}, maxCommandsInFlight)
	for {
		client, err := listener.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				logger.Error("accept failed", "error", err)
			}
			return
		}
		go relay(client, upstream, locks, inFlight, logger)
	}
}

func relay(client net.Conn, upstream string, locks *writeLocks, inFlight chan struct{}, logger *slog.Logger) {
	defer client.Close()
	server, err := net.Dial("tcp", upstream)
	if err != nil {
		logger.Error("cannot reach FerretDB", "error", err)
		return
	}
	defer server.Close()

	// What this connection's requests hold (a place in flight, a write lock), by the id of the
	// request whose answer releases it.
	var heldMu sync.Mutex
	held := map[int32]func(){}
	releaseAll := func() {
		heldMu.Lock()
		defer heldMu.Unlock()
		for id, release := range held {
			release()
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
			if release, ok := held[m.responseTo]; ok {
				delete(held, m.responseTo)
				release()
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
		if expectsAnswer(m) {
			// The write lock first: a command waiting for its place in flight holds no place.
			var lock *sync.Mutex
			if target, isWrite := writeTarget(m); isWrite {
				lock = locks.forTarget(target)
				lock.Lock()
			}
			inFlight <- struct{}{}
			heldMu.Lock()
			held[m.requestID] = func() {
				<-inFlight
				if lock != nil {
					lock.Unlock()
				}
			}
			heldMu.Unlock()
			m = inOneBatch(m)
		}
		if _, err := server.Write(m.bytes); err != nil {
			break
		}
	}
	server.Close()
	<-answers
}
