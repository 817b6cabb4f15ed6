import Foundation
import SynthCore
import ZIPFoundation

/// Writes records as an Excel workbook (Office Open XML), one worksheet with a header row and
/// the same columns as ``CSVEncoder``.
///
/// Written by hand: no listed package writes XLSX, and the format needs only a few fixed XML
/// parts plus the sheet. Rows stream into the sheet's XML in a hidden temporary file, so memory
/// stays flat; `commit` zips the parts with ZIPFoundation under a temporary name and renames it
/// over the target. Strings are inline (no shared-string table to hold in memory). A cell longer
/// than Excel's 32,767-character limit is cut to it, and the summary says how many were.
public struct XLSXSink: ExportFileSink {
    /// Excel's limit on the characters (UTF-16 code units) in one cell.
    public static let cellLimit = 32_767
    /// Excel's limit on the rows of one sheet, the header row included.
    public static let rowLimit = 1_048_576

    /// The workbook's path.
    public let target: String
    private let sheetPath: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var rows = 0
    private var columns: [String] = []
    private var columnNames: [[UInt8]] = []
    private var cut = 0
    private var firstCut: String?
    private var finished = false

    /// Opens a workbook for `target`; fails at once if the folder is missing or not writable.
    public init(target: String) throws(SynthError) {
        guard target != "-" else { throw SynthError(.invalidArgument, "xlsx is a zip file and cannot be written to standard output") }
        self.target = target
        let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SynthError(.io, "cannot write to '\(target)': folder '\(directory)' does not exist")
        }
        sheetPath = FileSink.partialPath(for: target) + ".sheet"
        guard FileManager.default.createFile(atPath: sheetPath, contents: nil), let handle = FileHandle(forWritingAtPath: sheetPath)
        else { throw SynthError(.io, "cannot write to '\(target)': cannot create a temporary file in '\(directory)'") }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    public var notes: [String] {
        guard cut > 0, let firstCut else { return [] }
        return [
            "\(target): \(cut) cell\(cut == 1 ? " was" : "s were") longer than Excel's 32,767-character limit and cut to it (first: \(firstCut)); the jsonl and csv exports keep the full text"
        ]
    }

    public mutating func write(_ record: Record) throws {
        if rows == 0 {
            columns = CSVEncoder.columns(for: record.shape)
            columnNames = (0..<columns.count).map { Array(Self.columnName($0).utf8) }
            appendSheetStart(columns: columns)
            appendRow(columns.map { .string($0) }, style: 1, record: nil)
        }
        guard rows < Self.rowLimit else {
            throw SynthError(
                .invalidArgument,
                "an xlsx sheet holds at most \(Self.rowLimit - 1) records below its header; use --split to spread them over files, or csv")
        }
        appendRow(CSVEncoder.row(for: record), style: nil, record: record)
        if buffer.count >= 1 << 20 { try flush() }
    }

    public mutating func commit() throws {
        guard !finished else { return }
        finished = true
        if rows == 0 { appendSheetStart(columns: []) }
        buffer.append(contentsOf: "</sheetData></worksheet>".utf8)
        let partial = FileSink.partialPath(for: target)
        do {
            try flush()
            try handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            let archive = try Archive(url: URL(fileURLWithPath: partial), accessMode: .create)
            for (path, xml) in XLSXParts.fixed { try Self.add(Data(xml.utf8), at: path, to: archive) }
            try Self.addFile(sheetPath, at: "xl/worksheets/sheet1.xml", to: archive)
        } catch {
            unlink(sheetPath)
            unlink(partial)
            throw SynthError(.io, "cannot write '\(target)': \(error)")
        }
        unlink(sheetPath)
        guard rename(partial, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw SynthError(.io, "cannot move the finished workbook to '\(target)': \(reason)")
        }
    }

    public mutating func discard() {
        guard !finished else { return }
        finished = true
        try? handle.close()
        unlink(sheetPath)
        unlink(FileSink.partialPath(for: target))
    }

    private mutating func flush() throws(SynthError) {
        do { try handle.write(contentsOf: buffer) } catch { throw SynthError(.io, "cannot write to '\(target)': \(error)") }
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func appendSheetStart(columns: [String]) {
        var xml =
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
            + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
            + #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        if !columns.isEmpty {
            // Text columns wide, ids and provenance narrow; a reader can resize them.
            let wide = Set(TaskShape.allCases.flatMap(\.textFields))
            xml += "<cols>"
            for (i, name) in columns.enumerated() {
                xml += #"<col min="\#(i + 1)" max="\#(i + 1)" width="\#(wide.contains(name) ? 60 : 16)" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        buffer.append(contentsOf: xml.utf8)
    }

    private mutating func appendRow(_ cells: [Value], style: Int?, record: Record?) {
        rows += 1
        let rowNumber = Array(String(rows).utf8)
        buffer.append(contentsOf: #"<row r=""#.utf8)
        buffer.append(contentsOf: rowNumber)
        buffer.append(contentsOf: #"">"#.utf8)
        for (i, cell) in cells.enumerated() {
            func open(_ type: String?) {
                buffer.append(contentsOf: #"<c r=""#.utf8)
                buffer.append(contentsOf: columnNames[i])
                buffer.append(contentsOf: rowNumber)
                buffer.append(UInt8(ascii: "\""))
                if let style { buffer.append(contentsOf: #" s="\#(style)""#.utf8) }
                if let type { buffer.append(contentsOf: #" t="\#(type)""#.utf8) }
                buffer.append(UInt8(ascii: ">"))
            }
            switch cell {
            case .null, .array, .object:
                continue
            case .int(let n):
                open(nil)
                buffer.append(contentsOf: "<v>\(n)</v></c>".utf8)
            case .double(let d) where d.isFinite:
                open(nil)
                buffer.append(contentsOf: "<v>\(d)</v></c>".utf8)
            case .double:
                continue
            case .bool(let b):
                open("b")
                buffer.append(contentsOf: "<v>\(b ? 1 : 0)</v></c>".utf8)
            case .string(var s):
                if s.utf16.count > Self.cellLimit {
                    s = Self.truncated(s)
                    cut += 1
                    if firstCut == nil, let record {
                        firstCut = "record \(record.id), column \(columns[i])"
                    }
                }
                open("inlineStr")
                buffer.append(contentsOf: #"<is><t xml:space="preserve">"#.utf8)
                Self.appendEscaped(s, to: &buffer)
                buffer.append(contentsOf: "</t></is></c>".utf8)
            }
        }
        buffer.append(contentsOf: "</row>".utf8)
    }

    /// `s` cut to the cell limit at a Unicode scalar boundary.
    static func truncated(_ s: String) -> String {
        var units = 0
        var scalars = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            units += scalar.utf16.count
            if units > cellLimit { break }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Appends `s` as XML text. Control characters XML cannot hold are written as OOXML's
    /// `_xHHHH_` escape, and a carriage return as `&#13;` so readers do not turn it into a newline.
    static func appendEscaped(_ s: String, to out: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case 0x0D: out.append(contentsOf: "&#13;".utf8)
            case 0x09, 0x0A: out.append(byte)
            case 0..<0x20: out.append(contentsOf: [0x5F, 0x78, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)], 0x5F])
            default: out.append(byte)
            }
        }
    }

    /// The spreadsheet name of column `index` (0 → A, 26 → AA).
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    // A fixed date keeps the workbook's bytes the same for the same records.
    private static let entryDate = Date(timeIntervalSince1970: 1_262_304_000)

    private static func add(_ data: Data, at path: String, to archive: Archive) throws {
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: entryDate,
            compressionMethod: .deflate
        ) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    private static func addFile(_ file: String, at path: String, to archive: Archive) throws {
        let reader = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
        defer { try? reader.close() }
        let size = try reader.seekToEnd()
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(size), modificationDate: entryDate, compressionMethod: .deflate,
            bufferSize: 1 << 20
        ) { position, size in
            try reader.seek(toOffset: UInt64(position))
            return try reader.read(upToCount: size) ?? Data()
        }
    }
}
