import Testing

@testable import SentinelCore

/// Expected texts are replies of a real redis-sentinel 7.0.15 to the same rules.
@Suite struct ACLRuleTests {
    func list(_ rules: String, name: String = "u") -> String? {
        var users = ACLUsers()
        if let error = users.setUser(name, rules: rules.split(separator: " ").map(String.init)) {
            return "ERR " + error
        }
        return users[name].map { "user \(name) \($0.description)" }
    }

    @Test func defaultUserIsOnNopassWithEverything() {
        let users = ACLUsers()
        #expect(users.describedUsers == ["default on nopass ~* &* +@all"])
        #expect(users.newClientsAreAuthenticated)
    }

    @Test func describesUsersLikeACLList() {
        #expect(
            self.list("on >secret allchannels +@all")
                == "user u on #2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b &* +@all")
        #expect(
            self.list("on >p2 -@all +ping")
                == "user u on #3946ca64ff78d93ca61090a437cbb6b3d2ca0d488f5f9ccf3059608368b27693 resetchannels -@all +ping"
        )
        #expect(self.list("+@all -@dangerous") == "user u off resetchannels +@all -@dangerous")
        #expect(
            self.list("-@all +@admin -sentinel|debug +client|kill")
                == "user u off resetchannels -@all +@admin -sentinel|debug")
        #expect(
            self.list("~foo %R~bar %W~baz %RW~qux &chan* resetchannels &x")
                == "user u off ~foo %R~bar %W~baz ~qux resetchannels &x -@all")
        #expect(self.list("+acl|whoami +acl -acl|log") == "user u off resetchannels -@all +acl -acl|log")
        #expect(
            self.list("nopass >a <a #0123456789012345678901234567890123456789012345678901234567890123")
                == "user u off #0123456789012345678901234567890123456789012345678901234567890123 resetchannels -@all")
        #expect(self.list("+PING +Ping") == "user u off resetchannels -@all +ping")
        #expect(self.list("allkeys allcommands allchannels") == "user u off ~* &* +@all")
        #expect(self.list("+@all -ping +ping") == "user u off resetchannels +@all")
        #expect(self.list("reset") == "user u off sanitize-payload resetchannels -@all")
        #expect(self.list("%RW~a %R~b %R~a %W~*") == "user u off ~a %R~b %W~* resetchannels -@all")
        #expect(self.list("skip-sanitize-payload") == "user u off skip-sanitize-payload resetchannels -@all")
        #expect(self.list("+ping|foo") == "user u off resetchannels -@all +ping|foo")
    }

    @Test func categoriesAreChosenAsRedisDoes() {
        // Redis: `-@all +@dangerous +@fast +@connection` then single commands in its (random)
        // dict order; ours is the table order.
        #expect(
            self.list("+@slow +@fast -@pubsub")
                == "user u off resetchannels -@all +@dangerous +@fast +@connection +acl +client -publish")
        // Redis: `-@all +@pubsub +ping -unsubscribe -punsubscribe +acl|log +acl|whoami`, order aside.
        let lim = self.list(
            "on >pw resetchannels &ch* -@all +ping +subscribe +psubscribe +publish +acl|whoami +acl|log")
        #expect(
            lim?.hasPrefix(
                "user u on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 resetchannels &ch* -@all +@pubsub "
            ) == true)
        let singles = Set(lim?.split(separator: " ").suffix(5).map(String.init) ?? [])
        #expect(singles == ["+ping", "-unsubscribe", "-punsubscribe", "+acl|log", "+acl|whoami"])
    }

    @Test func selectors() {
        #expect(
            self.list("(+ping ~x) (-@all +info)")
                == "user u off resetchannels -@all (~x resetchannels -@all +ping) (resetchannels -@all +info)")
        #expect(self.list("(+ping) clearselectors") == "user u off resetchannels -@all")
        #expect(self.list("(+ping") == "ERR Unmatched parenthesis in acl selector starting at '(+ping'.")
        #expect(self.list("(on)") == "ERR Error in ACL SETUSER modifier '(on)': Syntax error")
    }

    @Test func errorsAreRedisTexts() {
        let prefix = "ERR Error in ACL SETUSER modifier"
        #expect(
            self.list("~* ~x")
                == "\(prefix) '~x': Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns"
        )
        #expect(
            self.list("&* &x")
                == "\(prefix) '&x': Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels"
        )
        #expect(self.list("%X~a") == "\(prefix) '%X~a': Syntax error")
        #expect(
            self.list("<nopw")
                == "\(prefix) '<nopw': The password you are trying to remove from the user does not exist")
        #expect(
            self.list("#abc")
                == "\(prefix) '#abc': The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters"
        )
        #expect(self.list("foo") == "\(prefix) 'foo': Syntax error")
        #expect(self.list("+@nocat") == "\(prefix) '+@nocat': Unknown command or category name in ACL")
        #expect(self.list("+nocmd") == "\(prefix) '+nocmd': Unknown command or category name in ACL")
        #expect(self.list("-acl|foo") == "\(prefix) '-acl|foo': Unknown command or category name in ACL")
        #expect(self.list("+select|0") == "\(prefix) '+select|0': Unknown command or category name in ACL")
        #expect(self.list("+client|foo") == "\(prefix) '+client|foo': Unknown command or category name in ACL")
        #expect(self.list("+client|") == "\(prefix) '+client|': Syntax error")
        #expect(
            self.list("+sentinel|masters|x")
                == "\(prefix) '+sentinel|masters|x': Allowing first-arg of a subcommand is not supported")
        #expect(self.list("on", name: "a b") == "ERR Usernames can't contain spaces or null characters")
    }

    @Test func failedSetUserChangesNothing() {
        var users = ACLUsers()
        #expect(users.setUser("u", rules: ["on", ">a"]) == nil)
        #expect(users.setUser("u", rules: ["off", "+nocmd"]) != nil)
        #expect(users["u"]?.isEnabled == true)
        #expect(users.setUser("v", rules: ["+nocmd"]) != nil)
        #expect(users["v"] == nil)
    }

    @Test func credentials() {
        var users = ACLUsers()
        _ = users.setUser("u", rules: ["on", ">secret"])
        #expect(users.checkCredentials(user: "u", password: "secret"))
        #expect(!users.checkCredentials(user: "u", password: "wrong"))
        #expect(!users.checkCredentials(user: "nobody", password: "secret"))
        _ = users.setUser("u", rules: ["off"])
        #expect(!users.checkCredentials(user: "u", password: "secret"))
        _ = users.setUser("n", rules: ["on", "nopass"])
        #expect(users.checkCredentials(user: "n", password: "anything"))
        users.setDefaultPassword("pw")
        #expect(
            users.describedUsers.first
                == "default on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~* &* +@all")
        #expect(!users.newClientsAreAuthenticated)
        #expect(users.authRequired(authenticated: false))
        #expect(!users.authRequired(authenticated: true))
        _ = users.setUser("default", rules: ["nopass"])
        #expect(!users.authRequired(authenticated: false))
        _ = users.setUser("default", rules: ["off"])
        #expect(users.authRequired(authenticated: false))
    }

    @Test func namesSortLikeARadixTree() {
        var users = ACLUsers()
        for name in ["u2", "u10", "U", "u1"] { _ = users.setUser(name, rules: []) }
        #expect(users.names == ["U", "default", "u1", "u10", "u2"])
        #expect(users.delete(["u1", "nosuch", "default"]) == ["u1"])
    }
}
