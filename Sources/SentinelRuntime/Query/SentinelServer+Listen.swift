import NIOCore
import NIOPosix
import SentinelCore

#if canImport(Glibc)
    import Glibc
#endif

/// The query port listener (SPEC §13): `port` on every `bind` address (default `* -::*`).
extension SentinelServer {
    /// Binds every address; nil (after logging Redis's message) when a required one fails.
    /// Called off the loop: it waits for each bind.
    static func listen(
        _ bound: NIOLoopBound<SentinelServer>, options: ServerOptions, log: RedisLog
    ) -> [any Channel]? {
        let port = options.port
        guard port != 0 else { return [] }
        let binds = options.bind ?? ["*", "-::*"]
        let loop = bound.eventLoop
        // In sentinel mode CONFIG does not exist: the config file's values hold for the process.
        let limits = options.clientLimits
        let decoderLimits = QueryRequestDecoder.Limits(
            maxBulkLength: Int(limits.protoMaxBulkLen), queryBufferLimit: Int(limits.queryBufferLimit))
        var listeners: [any Channel] = []
        for entry in binds {
            let optional = entry.hasPrefix("-")
            let raw = optional ? String(entry.dropFirst()) : entry
            let host = raw == "*" ? "0.0.0.0" : raw == "::*" ? "::" : raw
            let bootstrap = ServerBootstrap(group: loop)
                .serverChannelOption(.backlog, value: 511)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
                .serverChannelInitializer { channel in
                    // Like Redis, an IPv6 wildcard does not take the IPv4 port as well.
                    guard host.contains(":") else { return channel.eventLoop.makeSucceededVoidFuture() }
                    return channel.setOption(
                        ChannelOptions.Types.SocketOption(level: .ipv6, name: .ipv6_v6only), value: 1)
                }
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = QueryConnectionHandler(owner: bound.value)
                        let decoder = QueryRequestDecoder(
                            limits: decoderLimits,
                            authRequired: { handler.authRequired },
                            heldBytes: { handler.heldBytes },
                            onRead: { bound.value.requestBytesRead($0) })
                        try channel.pipeline.syncOperations.addHandlers([decoder, handler])
                    }
                }
            Self.applyKeepalive(options.tcpKeepalive, to: bootstrap)
            do {
                listeners.append(try bootstrap.bind(host: host, port: port).wait())
            } catch {
                if optional { continue }
                log.log(.warning, "Warning: Could not create server TCP listening socket \(raw):\(port): \(error)")
                log.log(.warning, "Failed listening on port \(port) (TCP), aborting.")
                for listener in listeners { listener.close(promise: nil) }
                return nil
            }
        }
        return listeners
    }

    /// `tcp-keepalive <seconds>` on accepted sockets, as Redis's `anetKeepAlive`: SO_KEEPALIVE,
    /// then (Linux) the first probe after `seconds` of silence, probes every `seconds / 3`
    /// (at least 1), and the peer dropped after 3 unanswered ones. 0 leaves keepalive off.
    /// Links to monitored instances keep their own fixed SO_KEEPALIVE.
    static func applyKeepalive(_ seconds: Int, to bootstrap: ServerBootstrap) {
        guard seconds > 0 else { return }
        _ = bootstrap.childChannelOption(.socketOption(.so_keepalive), value: 1)
        #if os(Linux)
            // Linux refuses TCP_KEEPIDLE above 32767 (EINVAL); Redis then stops after
            // SO_KEEPALIVE (its error is ignored), and a failing option here would drop the client.
            guard seconds <= 32767 else { return }
            let interval = seconds
            let tcp = { (name: CInt) in
                ChannelOptions.Types.SocketOption(level: .tcp, name: NIOBSDSocket.Option(rawValue: name))
            }
            _ = bootstrap.childChannelOption(tcp(CInt(TCP_KEEPIDLE)), value: interval)
                .childChannelOption(tcp(CInt(TCP_KEEPINTVL)), value: max(1, interval / 3))
                .childChannelOption(tcp(CInt(TCP_KEEPCNT)), value: 3)
        #endif
    }
}
