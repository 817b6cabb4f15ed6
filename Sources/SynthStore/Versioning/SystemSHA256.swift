import Foundation

/// The system libcrypto's one-shot SHA-256, loaded when first needed with `dlopen`, so SynthForge
/// needs no OpenSSL headers to build. It uses the CPU's SHA extensions where there are some,
/// several times faster than ``SHA256``'s portable code, which is used where the library is
/// missing. Both give the same digests (the tests check each against Python's hashlib).
enum SystemSHA256 {
    typealias OneShot = @convention(c) (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?) -> UnsafeMutablePointer<UInt8>?

    /// `SHA256(data, length, digest)` from libcrypto, or nil where it cannot be loaded.
    static let function: OneShot? = {
        for library in ["libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so"] {
            guard let handle = dlopen(library, RTLD_NOW), let pointer = dlsym(handle, "SHA256") else { continue }
            return unsafeBitCast(pointer, to: OneShot.self)
        }
        return nil
    }()

    /// The digest of `bytes` as 64 lowercase hex characters, or nil without the library.
    static func hex(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard let function else { return nil }
        var digest = [UInt8](repeating: 0, count: 32)
        _ = digest.withUnsafeMutableBufferPointer { out in
            function(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, out.baseAddress)
        }
        return SHA256.hexString(digest)
    }
}
