#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and atomically replaces the config file (SPEC §3.6, DESIGN decision 5): write a temp
/// file beside it, fsync, chmod 0644 minus umask, rename over the original, fsync the directory.
/// A crash at any point leaves either the old or the new file, never a partial one.
enum ConfigFile {
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    /// The file's text; with `missingIsEmpty`, a file that does not exist reads as empty, as
    /// Redis's `rewriteConfigReadOldFile` treats it (a deleted config is written anew on the next
    /// flush, with every generated line).
    static func read(_ path: String, missingIsEmpty: Bool = false) throws(WriteError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 && errno == ENOENT && missingIsEmpty { return "" }
        guard fd >= 0 else { throw WriteError(description: String(cString: strerror(errno))) }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteError(description: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: result, as: UTF8.self)
    }

    static func writeAtomically(_ text: String, to path: String) throws(WriteError) {
        func failure() -> WriteError { WriteError(description: String(cString: strerror(errno))) }
        var template = Array("\(path).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure() }
        let tempPath = String(cString: template)
        var ok = false
        defer {
            if !ok { unlink(tempPath) }
        }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = failure()
                close(fd)
                throw error
            }
            offset += n
        }
        let mask = umask(0)
        umask(mask)
        guard fsync(fd) == 0, fchmod(fd, 0o644 & ~mask) == 0 else {
            let error = failure()
            close(fd)
            throw error
        }
        close(fd)
        guard rename(tempPath, path) == 0 else { throw failure() }
        ok = true
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let dirFD = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_CLOEXEC)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }
}
