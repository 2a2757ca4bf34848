/// SPEC §7.3 `sentinelGetLeader`'s count, apart from the sentinel around it.
///
/// The peers' votes for the current epoch are counted first; the one with the most votes (the
/// first counted among equals) is the candidate this sentinel votes for when it has not voted
/// yet. Its own vote then leads only with strictly more votes than the candidate. The leader
/// needs a majority of the voters (the known sentinels and itself) and at least the quorum.
struct LeaderElection: Sendable {
    /// Votes per runid, in the order first counted.
    private(set) var counts: [(runID: String, votes: Int)] = []
    /// The leading runid and its votes.
    private(set) var leading: (runID: String, votes: Int)?

    /// Counts the peers' votes (each a runid).
    init(peerVotes: some Sequence<String>) {
        for vote in peerVotes { _ = self.count(vote) }
        for (runID, votes) in self.counts where votes > (self.leading?.votes ?? 0) {
            self.leading = (runID, votes)
        }
    }

    /// Counts this sentinel's own vote, which leads only with strictly more votes.
    mutating func countOwnVote(_ runID: String) {
        let votes = self.count(runID)
        if votes > (self.leading?.votes ?? 0) { self.leading = (runID, votes) }
    }

    /// The elected leader among `voters` (known sentinels plus this one) for `quorum`, if any.
    func winner(voters: Int, quorum: Int) -> String? {
        guard let leading = self.leading, leading.votes >= voters / 2 + 1, leading.votes >= quorum else { return nil }
        return leading.runID
    }

    private mutating func count(_ runID: String) -> Int {
        if let index = self.counts.firstIndex(where: { $0.runID == runID }) {
            self.counts[index].votes += 1
            return self.counts[index].votes
        }
        self.counts.append((runID, 1))
        return 1
    }
}
