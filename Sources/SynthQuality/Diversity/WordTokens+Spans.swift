extension WordTokens {
    /// Calls `body` with the hash of each token of `text` and the UTF-8 byte offsets it covers, in order.
    ///
    /// The tokens and hashes are those of `forEachHash(in:_:)`. A token starts and ends on a
    /// character boundary (it is bounded by ASCII bytes or the ends of the text), so its offsets
    /// can cut the original text.
    public static func forEachSpan(in text: String, _ body: (_ hash: UInt64, _ bytes: Range<Int>) -> Void) {
        var h: UInt64 = 0
        var start = -1
        var offset = 0
        for var byte in text.utf8 {
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            let isWord = byte >= 0x80 || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            if isWord {
                if start < 0 {
                    h = 0xcbf2_9ce4_8422_2325
                    start = offset
                }
                h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            } else if start >= 0 {
                body(TextFingerprint.finalize(h), start..<offset)
                start = -1
            }
            offset += 1
        }
        if start >= 0 { body(TextFingerprint.finalize(h), start..<offset) }
    }
}
