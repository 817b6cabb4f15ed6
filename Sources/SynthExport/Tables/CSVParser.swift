import SynthCore

/// An RFC 4180 CSV parser: quoted fields may hold commas, quotes (doubled) and line breaks.
///
/// Rows are checked against the header's width, so a ragged file fails with the line at fault.
struct CSVParser {
    /// The header and the rows' cells, with the 1-based line each row starts on.
    struct Parsed {
        var header: [String]
        var rows: [[Substring]]
        var lines: [Int]
    }

    static func parse(_ text: String, source: String) throws(SynthError) -> Parsed {
        var rows: [[Substring]] = []
        var lines: [Int] = []
        var header: [String]?
        var cells: [Substring] = []
        var line = 1
        var rowLine = 1
        let scalars = text.unicodeScalars
        var i = scalars.startIndex
        var cellStart = i
        var quoted = false
        var cellHasQuotes = false
        var unquoted = ""

        func endCell(_ end: String.UnicodeScalarView.Index) {
            if cellHasQuotes {
                cells.append(Substring(unquoted))
            } else {
                cells.append(Substring(text.unicodeScalars[cellStart..<end]))
            }
            unquoted = ""
            cellHasQuotes = false
        }
        func endRow() throws(SynthError) {
            defer { cells = [] }
            if cells.count == 1 && cells[0].isEmpty { return }  // a blank line
            guard let width = header?.count else {
                header = cells.map { $0.trimmingWhitespace() }
                return
            }
            guard cells.count == width else {
                throw SynthError(
                    .invalidArgument,
                    "\(source):\(rowLine): the row has \(cells.count) field\(cells.count == 1 ? "" : "s"), the header has \(width)")
            }
            rows.append(cells)
            lines.append(rowLine)
        }

        while i < scalars.endIndex {
            let c = scalars[i]
            if quoted {
                if c == "\"" {
                    let next = scalars.index(after: i)
                    if next < scalars.endIndex, scalars[next] == "\"" {
                        unquoted.unicodeScalars.append("\"")
                        i = scalars.index(after: next)
                        continue
                    }
                    quoted = false
                } else {
                    if c == "\n" { line += 1 }
                    unquoted.unicodeScalars.append(c)
                }
                i = scalars.index(after: i)
                continue
            }
            switch c {
            case "\"":
                guard scalars[cellStart..<i].allSatisfy({ $0 == " " }) else {
                    throw SynthError(.invalidArgument, "\(source):\(line): a quote inside an unquoted field; quote the whole field")
                }
                quoted = true
                cellHasQuotes = true
            case ",":
                endCell(i)
                cellStart = scalars.index(after: i)
            case "\n", "\r":
                endCell(i)
                try endRow()
                if c == "\r" {
                    let next = scalars.index(after: i)
                    if next < scalars.endIndex, scalars[next] == "\n" { i = next }
                }
                line += 1
                rowLine = line
                cellStart = scalars.index(after: i)
            default:
                break
            }
            i = scalars.index(after: i)
        }
        if quoted {
            throw SynthError(.invalidArgument, "\(source):\(rowLine): a quoted field is never closed")
        }
        if cellStart < scalars.endIndex || !cells.isEmpty {
            endCell(scalars.endIndex)
            try endRow()
        }
        guard let header, !header.isEmpty, !(header.count == 1 && header[0].isEmpty) else {
            throw SynthError(.invalidArgument, "\(source): the file is empty; a CSV table needs a header row")
        }
        if let blank = header.firstIndex(of: "") {
            throw SynthError(.invalidArgument, "\(source):1: column \(blank + 1) of the header has no name")
        }
        var seen: Set<String> = []
        for name in header where !seen.insert(name).inserted {
            throw SynthError(.invalidArgument, "\(source):1: the header names column '\(name)' twice")
        }
        return Parsed(header: header, rows: rows, lines: lines)
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
