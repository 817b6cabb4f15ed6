import SynthCore

/// The compression ratio of a set of texts (Shaib et al., 2024, "Standardizing the measurement of
/// text diversity"): the size of all texts joined by newlines over the size of that gzip-compressed
/// at level 9. Repetitive sets compress well, so a higher ratio means less diverse text.
///
/// Texts are compressed as they are added, so memory stays flat however many there are. The gzip
/// stream is zlib's, header and trailer included (18 bytes, no file name), the same bytes as
/// Python's `gzip.compress(data, compresslevel=9, mtime=0)`. Shaib et al.'s `diversity` package
/// joins texts with a space and compresses them to a file; a newline keeps record boundaries
/// apart and changes the figure negligibly.
public final class CompressionRatio {
    /// Bytes of text added so far, newlines between texts included.
    public private(set) var originalBytes = 0
    /// Bytes of gzip output so far; the whole stream's once `finish()` has run.
    public private(set) var compressedBytes = 0
    private let zlib: Zlib
    private let stream: Zlib.Stream
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private var texts = 0
    private var finished = false
    private static let newline: [UInt8] = [0x0A]

    /// An empty measure compressing at `level` (1–9); throws when the system zlib cannot be loaded.
    public init(level: Int32 = 9) throws(SynthError) {
        precondition((1...9).contains(level), "gzip levels run from 1 to 9")
        let zlib = try Zlib.system.get()
        let stream = Zlib.Stream.allocate(byteCount: Zlib.streamSize, alignment: 8)
        stream.initializeMemory(as: UInt8.self, repeating: 0, count: Zlib.streamSize)
        // Method 8 is deflate; window bits 15 + 16 ask for gzip framing; memory level 8 and the
        // default strategy are zlib's (and Python's) defaults.
        let status = zlib.deflateInit(stream, level, 8, 31, 8, 0, zlib.version(), Int32(Zlib.streamSize))
        guard status == Zlib.ok else {
            stream.deallocate()
            throw SynthError(.io, "zlib could not start a gzip stream (deflateInit2_ returned \(status))")
        }
        self.zlib = zlib
        self.stream = stream
    }

    deinit {
        _ = zlib.deflateEnd(stream)
        stream.deallocate()
    }

    /// The ratio of `texts` joined by newlines; throws when the system zlib cannot be loaded.
    public static func of(_ texts: some Sequence<String>, level: Int32 = 9) throws(SynthError) -> Double {
        let ratio = try CompressionRatio(level: level)
        for text in texts { ratio.add(text) }
        return ratio.finish()
    }

    /// Adds one text, after a newline if it is not the first.
    public func add(_ text: String) {
        precondition(!finished, "no text can be added to a finished compression ratio")
        if texts > 0 { Self.newline.withUnsafeBufferPointer { compress($0) } }
        texts += 1
        var text = text
        text.withUTF8 { compress($0) }
    }

    /// Ends the gzip stream and returns original bytes over compressed bytes (0 for no text).
    public func finish() -> Double {
        if !finished {
            finished = true
            run(Zlib.finish)
        }
        return Double(originalBytes) / Double(compressedBytes)
    }

    private func compress(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        originalBytes += bytes.count
        stream.storeBytes(of: UnsafeMutableRawPointer(mutating: base), toByteOffset: Zlib.nextIn, as: UnsafeMutableRawPointer.self)
        stream.storeBytes(of: UInt32(bytes.count), toByteOffset: Zlib.availIn, as: UInt32.self)
        run(Zlib.noFlush)
    }

    /// Calls deflate until it has taken all input and, for `finish`, written the whole stream,
    /// counting and discarding its output.
    private func run(_ flush: Int32) {
        output.withUnsafeMutableBytes { output in
            while true {
                stream.storeBytes(of: output.baseAddress!, toByteOffset: Zlib.nextOut, as: UnsafeMutableRawPointer.self)
                stream.storeBytes(of: UInt32(output.count), toByteOffset: Zlib.availOut, as: UInt32.self)
                let status = zlib.deflate(stream, flush)
                let left = stream.load(fromByteOffset: Zlib.availOut, as: UInt32.self)
                compressedBytes += output.count - Int(left)
                precondition(
                    status == Zlib.ok || status == Zlib.streamEnd || status == Zlib.bufferError, "zlib deflate failed with status \(status)"
                )
                if flush == Zlib.finish ? status == Zlib.streamEnd : left > 0 { return }
            }
        }
    }
}
