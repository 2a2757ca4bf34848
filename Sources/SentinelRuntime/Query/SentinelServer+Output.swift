import NIOCore

/// Where a client's replies go: straight to its channel while the socket takes them, into the
/// client's backlog of 16 KiB blocks once it does not (Redis's reply list).
///
/// NIO queues each write as its own buffer, sized to the next power of two: a subscriber that
/// did not read held about twice the bytes its output limit counted (1 KB events in 2 KB
/// buffers: 32 MB counted, 70 MB and more held). Past NIO's high water mark (the channel no
/// longer writable), replies are copied into the backlog's blocks instead, which hold what they
/// count; the backlog goes out, in order, as the socket drains (`drainBacklog`).
extension SentinelServer {
    static let backlogBlockSize = 16 * 1024

    /// Sends one encoded reply to the client, after whatever is still queued for it.
    func send(_ buffer: ByteBuffer, to client: QueryClient, flush: Bool) {
        let channel = client.channel
        if client.backlog.isEmpty && channel.isWritable {
            if flush { channel.writeAndFlush(buffer, promise: nil) } else { channel.write(buffer, promise: nil) }
            return
        }
        var buffer = buffer
        let size = buffer.readableBytes
        if client.backlog.isEmpty || client.backlog[client.backlog.count - 1].writableBytes < size {
            client.backlog.append(channel.allocator.buffer(capacity: max(Self.backlogBlockSize, size)))
        }
        client.backlog[client.backlog.count - 1].writeBuffer(&buffer)
        client.backlogBytes += size
        // What NIO holds unflushed still has to go, or the channel never becomes writable.
        if flush { channel.flush() }
    }

    /// The socket takes writes again: the backlog goes out, block by block, until it is empty or
    /// the channel is full again.
    func drainBacklog(_ client: QueryClient) {
        let channel = client.channel
        guard !client.backlog.isEmpty else { return }
        var sent = 0
        while sent < client.backlog.count, channel.isWritable {
            client.backlogBytes -= client.backlog[sent].readableBytes
            channel.write(client.backlog[sent], promise: nil)
            sent += 1
        }
        client.backlog.removeFirst(sent)
        if client.backlog.isEmpty && client.closeAfterBacklog {
            channel.writeAndFlush(channel.allocator.buffer(capacity: 0)).whenComplete { _ in channel.close(promise: nil)
            }
        } else {
            channel.flush()
        }
    }

    /// Closes the client once everything written to it so far has gone out (Redis's
    /// `CLIENT_CLOSE_AFTER_REPLY`).
    func closeAfterOutput(_ client: QueryClient) {
        let channel = client.channel
        if client.backlog.isEmpty {
            channel.writeAndFlush(channel.allocator.buffer(capacity: 0)).whenComplete { _ in channel.close(promise: nil)
            }
        } else {
            client.closeAfterBacklog = true
        }
    }

    /// Bytes written to the client and not yet taken by its socket: NIO's queue and the backlog.
    func queuedOutputBytes(_ client: QueryClient) -> Int? {
        guard let queued = try? client.channel.syncOptions?.getOption(.bufferedWritableBytes) else { return nil }
        return queued + client.backlogBytes
    }
}
