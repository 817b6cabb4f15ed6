/// A 64-bit fingerprint of text after normalisation: ASCII letters lower-cased, punctuation
/// dropped, runs of whitespace collapsed.
///
/// Two texts that differ only in case, punctuation or spacing get the same fingerprint. With a
/// well-mixed 64-bit hash, the chance that any two of a million different texts collide is
/// about 3 in 100 million.
public enum TextFingerprint {
    /// The fingerprint of `text`.
    public static func of(_ text: String) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3
        var pendingSpace = false
        var started = false
        for var byte in text.utf8 {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                pendingSpace = started
                continue
            }
            if byte < 0x80 {
                if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                let isWord = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                if !isWord { continue }
            }
            if pendingSpace {
                h = mix(h ^ 0x20)
                pendingSpace = false
            }
            h = mix(h ^ UInt64(byte))
            started = true
        }
        return finalize(h)
    }

    @inline(__always) static func mix(_ h: UInt64) -> UInt64 {
        (h &* 0x9E37_79B9_7F4A_7C15) ^ ((h &* 0x9E37_79B9_7F4A_7C15) >> 29)
    }

    @inline(__always) static func finalize(_ h: UInt64) -> UInt64 {
        var z = h
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
