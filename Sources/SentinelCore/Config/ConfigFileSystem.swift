#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The live file-system checks of ``ConfigParser/Environment/live`` (SPEC §2.2, §3.4): they ask
/// what `chdir`, `fopen(..., "a")` and reading a file would do, without changing anything.
enum ConfigFileSystem {
    /// Why `chdir(path)` would fail: `stat` errors, `ENOTDIR`, or `EACCES` without search
    /// permission.
    static func changeDirectoryError(_ path: String) -> String? {
        var info = stat()
        if stat(path, &info) != 0 { return Self.lastError() }
        if info.st_mode & S_IFMT != S_IFDIR { return Self.message(ENOTDIR) }
        if access(path, X_OK) != 0 { return Self.lastError() }
        return nil
    }

    /// Why `fopen(path, "a")` would fail: the file must be writable, or its directory must
    /// allow creating it.
    static func openForAppendError(_ path: String) -> String? {
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { return Self.message(EISDIR) }
            return access(path, W_OK) == 0 ? nil : Self.lastError()
        }
        if errno != ENOENT { return Self.lastError() }
        let parent: String
        if let slash = path.lastIndex(of: "/") {
            parent = slash == path.startIndex ? "/" : String(path[..<slash])
        } else {
            parent = "."
        }
        return access(parent, W_OK | X_OK) == 0 ? nil : Self.lastError()
    }

    /// The whole file as text.
    static func read(_ path: String) -> Result<String, ConfigParser.AccessError> {
        guard let file = fopen(path, "r") else { return .failure(ConfigParser.AccessError(message: Self.lastError())) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    private static func lastError() -> String { Self.message(errno) }

    private static func message(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "Unknown error \(code)" }
        return String(cString: text)
    }
}
