import Testing

@testable import SentinelCore

/// The `state=` and `lag=` of a master's `slaveN:` lines (`ReplicaSync`), hostile input included.
@Suite struct ReplicaSyncTests {
    static func sync(_ lines: String...) -> [ReplicaSync] {
        InfoReply.parse((["role:master"] + lines).joined(separator: "\r\n") + "\r\n").replicaSync
    }

    @Test func readsStateAndLagOfEveryReplicaLine() {
        let sync = Self.sync(
            "slave0:ip=10.0.0.1,port=6380,state=online,offset=9,lag=0",
            "slave1:ip=10.0.0.2,port=6381,state=wait_bgsave,offset=0,lag=12",
            "slave2:ip=10.0.0.3,port=6382,state=online,offset=9,lag=2")
        #expect(
            sync == [
                ReplicaSync(online: true, lag: 0), ReplicaSync(online: false, lag: 12),
                ReplicaSync(online: true, lag: 2),
            ])
        #expect(sync.map { $0.isInSync(maxLag: Fence.maxInSyncLag) } == [true, false, false])
        // The addresses are read as before, alongside.
        #expect(InfoReply.parse("slave0:ip=10.0.0.1,port=6380,state=online,offset=9,lag=0\r\n").replicas.count == 1)
    }

    @Test(arguments: [
        ("slave0:ip=a,port=1,state=online,lag=99999999999999999999999", ReplicaSync(online: true, lag: Int64.max)),
        ("slave0:ip=a,port=1,state=online,lag=-1", ReplicaSync(online: true, lag: -1)),
        ("slave0:ip=a,port=1,state=online,lag=x", ReplicaSync(online: true, lag: 0)),
        ("slave0:ip=a,port=1,state=online", ReplicaSync(online: true, lag: nil)),
        ("slave0:ip=a,port=1,state=onlineX,lag=0", ReplicaSync(online: false, lag: 0)),
        ("slave0:ip=a,state=online,lag=1,state=down,lag=9", ReplicaSync(online: true, lag: 1)),
        ("slave0:ip=a,port=1,state=online,lag=1\u{0},lag=0", ReplicaSync(online: true, lag: 1)),
    ])
    func hostileLines(line: String, expected: ReplicaSync) {
        #expect(Self.sync(line) == [expected])
    }

    @Test(arguments: [
        "slave0:10.0.0.1,6380,online",  // the old format: no lag
        "slave0:ip=a,port=1,lag=0",  // no state
        "slave0:port=1,state=online,lag=0",  // no ip=: not the new format
        "slave0",  // too short for Redis's parser
        "slaveX:ip=a,port=1,state=online,lag=0",
    ])
    func linesWithoutASyncState(line: String) {
        #expect(Self.sync(line).isEmpty)
    }

    @Test func onlyOnlineWithASmallNonNegativeLagIsInSync() {
        #expect(ReplicaSync(online: true, lag: 1).isInSync(maxLag: 1))
        #expect(!ReplicaSync(online: true, lag: 2).isInSync(maxLag: 1))
        #expect(!ReplicaSync(online: true, lag: -1).isInSync(maxLag: 1))
        #expect(!ReplicaSync(online: true, lag: nil).isInSync(maxLag: 1))
        #expect(!ReplicaSync(online: false, lag: 0).isInSync(maxLag: 1))
    }
}
