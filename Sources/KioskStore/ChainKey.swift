import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The centre's secret for the ratings' MACs, kept in `DATA/chain.key` (mode 0600), outside the SQLite file.
///
/// Every rating carries `mac = HMAC-SHA256(key, hash)`. Whoever can rewrite the database file but not read
/// this file cannot append or rewrite a rating that `kiosk verify` accepts, even with every hash recomputed.
/// Root on the box can read the key, so the MAC proves nothing against root; the anchor and the hub do.
public struct ChainKey: Sendable {
    /// The file name of the key inside the data folder.
    public static let fileName = "chain.key"

    /// The key's bytes (SymmetricKey itself is not Sendable).
    let bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The key file of the data folder `directory`.
    public static func file(in directory: URL) -> URL {
        directory.appendingPathComponent(fileName)
    }

    /// Reads the key of the data folder `directory`; nil when there is no key file.
    /// - Throws: ``ChainKeyError`` when the file exists but cannot be read or does not hold a key.
    public static func load(from directory: URL) throws -> ChainKey? {
        let file = file(in: directory)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: file.path) else { throw ChainKeyError.unreadable(file) }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.utf8.count == 64, let bytes = Self.bytes(hex: text) else { throw ChainKeyError.malformed(file) }
        return ChainKey(bytes: bytes)
    }

    /// Makes a new random key and writes it to the data folder `directory`, readable by its owner only.
    /// - Throws: ``ChainKeyError/exists(_:)`` when a key file is already there (a key is never replaced);
    ///   file errors when it cannot be written.
    static func create(in directory: URL) throws -> ChainKey {
        let file = file(in: directory)
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let text = RatingChain.hex(bytes: key) + "\n"
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw ChainKeyError.exists(file) }
            throw FileSystemError(operation: "create", path: file.path)
        }
        defer { close(descriptor) }
        let written = text.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, text.utf8.count) }
        guard written == text.utf8.count, fsync(descriptor) == 0 else { throw FileSystemError(operation: "write", path: file.path) }
        // Made by `sudo kiosk …`, it must still be readable by the service's user.
        AppDatabase.giveToFolderOwner(file, folder: directory)
        try FileSystem.synchronize(directory, isDirectory: true)
        return ChainKey(bytes: key)
    }

    /// The MAC of a row whose chain hash is `hash`: HMAC-SHA256 with the key, lowercase hex.
    func mac(ofHash hash: String) -> String {
        RatingChain.hex(bytes: Array(HMAC<SHA256>.authenticationCode(for: Data(hash.utf8), using: SymmetricKey(data: bytes))))
    }

    private static func bytes(hex: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var high: UInt8?
        for character in hex.utf8 {
            let value: UInt8
            switch character {
            case 0x30...0x39: value = character - 0x30
            case 0x61...0x66: value = character - 0x61 + 10
            case 0x41...0x46: value = character - 0x41 + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return bytes
    }
}

/// Why the key file could not be used.
public enum ChainKeyError: Error, CustomStringConvertible {
    /// The key file exists but cannot be read (its permissions, or another user's file).
    case unreadable(URL)
    /// The key file does not hold 64 hexadecimal digits.
    case malformed(URL)
    /// A new key was to be made but a key file is already there.
    case exists(URL)

    public var description: String {
        switch self {
        case .unreadable(let file): "\(file.path) cannot be read; run kiosk as the user that owns the data folder"
        case .malformed(let file): "\(file.path) does not hold a key (64 hexadecimal digits); restore it from the copy kept off the box"
        case .exists(let file): "\(file.path) already exists; a chain key is never replaced"
        }
    }
}
