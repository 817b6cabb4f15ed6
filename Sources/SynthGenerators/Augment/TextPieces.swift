import SynthCore

/// A text cut into words and what lies between them, with protected spans (NER entities, a QA answer) kept
/// whole as single pieces, so edits move spans but never cut into them, and the spans' new offsets can be read back.
struct TextPieces {
    /// What a piece is.
    enum Kind { case word, space, other }

    /// A run of the text.
    struct Piece {
        var text: String
        var kind: Kind
        /// The number of the protected span this piece holds whole, if it is one.
        var anchor: Int?
    }

    var pieces: [Piece]

    /// Cuts `text`; `anchors` are sorted, non-overlapping Unicode scalar ranges inside it.
    init(_ text: String, anchors: [Range<Int>] = []) {
        let scalars = Array(text.unicodeScalars)
        pieces = []
        var position = 0
        for (number, range) in anchors.enumerated() {
            pieces += Self.cut(scalars[position..<range.lowerBound])
            pieces.append(Piece(text: Self.string(scalars[range]), kind: .word, anchor: number))
            position = range.upperBound
        }
        pieces += Self.cut(scalars[position...])
    }

    /// The text as it stands.
    var text: String { pieces.map(\.text).joined() }

    /// Where each protected span lies now, as Unicode scalar ranges by span number, with its text.
    var anchors: [Int: (range: Range<Int>, text: String)] {
        var out: [Int: (Range<Int>, String)] = [:]
        var position = 0
        for piece in pieces {
            let length = piece.text.unicodeScalars.count
            if let anchor = piece.anchor { out[anchor] = (position..<(position + length), piece.text) }
            position += length
        }
        return out
    }

    /// The positions of the words edits may change (not protected spans).
    var freeWords: [Int] { pieces.indices.filter { pieces[$0].kind == .word && pieces[$0].anchor == nil } }

    /// Letters, with apostrophes between letters (`don't`), make words; runs of spaces and single other characters
    /// (digits, punctuation) make the rest, so numbers are never edited.
    static func cut(_ scalars: ArraySlice<Unicode.Scalar>) -> [Piece] {
        var out: [Piece] = []
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let start = i
            let kind: Kind
            if isLetter(scalars[i]) {
                kind = .word
                while i < scalars.endIndex,
                    isLetter(scalars[i])
                        || ((scalars[i] == "'" || scalars[i] == "\u{2019}") && i + 1 < scalars.endIndex && isLetter(scalars[i + 1])
                            && i > start)
                {
                    i += 1
                }
            } else if isSpace(scalars[i]) {
                kind = .space
                while i < scalars.endIndex, isSpace(scalars[i]) { i += 1 }
            } else {
                kind = .other
                i += 1
            }
            out.append(Piece(text: string(scalars[start..<i]), kind: kind))
        }
        return out
    }

    // ASCII first: the Unicode property tables are the slow part of cutting a text.
    private static func isLetter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") : c.properties.isAlphabetic
    }

    private static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? c == " " || c == "\n" || c == "\t" || c == "\r" || c == "\u{B}" || c == "\u{C}" : c.properties.isWhitespace
    }

    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}

extension String {
    /// This word spelled in the letter case of `model`: all capitals, a capital first letter, or as it is.
    func cased(like model: String) -> String {
        if model.count > 1, model == model.uppercased(), model != model.lowercased() { return uppercased() }
        if let first = model.first, first.isUppercase { return prefix(1).uppercased() + dropFirst() }
        return self
    }
}
