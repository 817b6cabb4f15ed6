import Foundation
import SynthCore

/// The system zlib, loaded when first needed with `dlopen`, so SynthForge needs no zlib headers to
/// build. Debian and macOS always ship the library itself (`zlib1g` is an essential package).
///
/// The `z_stream` is handled as raw memory at the offsets of its LP64 layout (64-bit Linux and
/// macOS), where `uLong` and pointers are 8 bytes: 112 bytes in all.
struct Zlib: Sendable {
    typealias Stream = UnsafeMutableRawPointer

    let deflateInit: @convention(c) (Stream?, Int32, Int32, Int32, Int32, Int32, UnsafePointer<CChar>?, Int32) -> Int32
    let deflate: @convention(c) (Stream?, Int32) -> Int32
    let deflateEnd: @convention(c) (Stream?) -> Int32
    let version: @convention(c) () -> UnsafePointer<CChar>

    // z_stream: next_in 0, avail_in 8, total_in 16, next_out 24, avail_out 32, total_out 40, msg 48,
    // state 56, zalloc 64, zfree 72, opaque 80, data_type 88, adler 96, reserved 104.
    static let streamSize = 112
    static let nextIn = 0
    static let availIn = 8
    static let nextOut = 24
    static let availOut = 32
    static let noFlush: Int32 = 0
    static let finish: Int32 = 4
    static let ok: Int32 = 0
    static let streamEnd: Int32 = 1
    /// Not an error: deflate had nothing to do with the room it was given.
    static let bufferError: Int32 = -5

    #if canImport(Darwin)
        static let libraryName = "libz.1.dylib"
    #else
        static let libraryName = "libz.so.1"
    #endif

    /// The system zlib, loaded once.
    static let system = Result { () throws(SynthError) in try load(libraryName) }

    /// Loads zlib from `library`, or says what could not be found.
    static func load(_ library: String) throws(SynthError) -> Zlib {
        guard let handle = dlopen(library, RTLD_NOW) else {
            let reason = dlerror().map { String(cString: $0) } ?? "not found"
            throw SynthError(.io, "the compression ratio needs the system zlib library (\(library)), which could not be loaded: \(reason)")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws(SynthError) -> T {
            guard let pointer = dlsym(handle, name) else {
                throw SynthError(.io, "the zlib library \(library) has no function \(name)")
            }
            return unsafeBitCast(pointer, to: type)
        }
        return Zlib(
            deflateInit: try symbol(
                "deflateInit2_",
                as: (@convention(c) (Stream?, Int32, Int32, Int32, Int32, Int32, UnsafePointer<CChar>?, Int32) -> Int32).self),
            deflate: try symbol("deflate", as: (@convention(c) (Stream?, Int32) -> Int32).self),
            deflateEnd: try symbol("deflateEnd", as: (@convention(c) (Stream?) -> Int32).self),
            version: try symbol("zlibVersion", as: (@convention(c) () -> UnsafePointer<CChar>).self))
    }
}
