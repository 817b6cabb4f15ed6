import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SynthCore
import SynthExport
import SynthStore

/// Exports of a dataset version in SynthExport's file formats, as downloads. A dataset that
/// requires review exports its approved records unless the request asks for another status.
enum ExportRoutes {
    /// The formats a download can carry: every export format that writes one file (`hf` writes
    /// a folder, so it stays with the command line).
    static let formats: [ExportFormat] = ExportFormat.all.filter { $0.layout != .folder }

    /// A format's file extension.
    static func fileExtension(_ format: ExportFormat) -> String {
        if case .file(let ext) = format.layout { return ext }
        return ""
    }

    /// The media type of a file with extension `ext`.
    static func mediaType(_ ext: String) -> String {
        switch ext {
        case "jsonl": "application/x-ndjson"
        case "json": "application/json"
        case "csv": "text/csv; charset=utf-8"
        case "md": "text/markdown; charset=utf-8"
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "parquet": "application/vnd.apache.parquet"
        default: "application/octet-stream"
        }
    }

    static let recordsHeader = HTTPField.Name("X-SynthForge-Records")!
    static let selectionHeader = HTTPField.Name("X-SynthForge-Selection")!

    static let routes: [APIRoute] = [
        APIRoute(
            .get, "/api/v1/export/formats", permission: .read, tag: "export",
            summary: "The formats a dataset can be exported to, with their file extension and media type.",
            response: Schema.object([
                "formats": Schema.array(
                    Schema.object([
                        "name": Schema.string, "extension": Schema.string, "media_type": Schema.string, "summary": Schema.string,
                        "shapes": Schema.array(Schema.string),
                    ]))
            ])
        ) { _ in
            JSONBody.response(
                .object([
                    "formats": .array(
                        formats.map { format in
                            .object([
                                "name": .string(format.name), "extension": .string(fileExtension(format)),
                                "media_type": .string(mediaType(fileExtension(format))), "summary": .string(format.summary),
                                "shapes": .array(format.shapes.map { .string($0.rawValue) }),
                            ])
                        })
                ]))
        },
        APIRoute(
            .get, "/api/v1/datasets/{dataset}/export/{format}", permission: .read, tag: "export",
            summary:
                "Download a version's records in a format; a dataset that requires review exports approved records unless `status` says otherwise.",
            responseType: "application/octet-stream",
            query: [
                .init("version", Schema.string, "A branch, tag or version hash (default: the current branch)."),
                .init(
                    "status", Schema.enumeration(["all"] + ReviewStatus.allCases.map(\.rawValue)),
                    "Only records in this review status; `all` for every record (default: approved when the dataset requires review, else all)."
                ),
            ]
        ) { call in
            let caller = try call.caller
            let stored = try call.datasetParameter()
            let name = try call.parameter("format")
            guard let format = formats.first(where: { $0.name == name.lowercased() }) else {
                throw APIError(
                    .notFound, "not-found", "no export format '\(name)'; formats are: \(formats.map(\.name).joined(separator: ", "))",
                    field: "format")
            }
            let asked = try call.query("status").map { (text: String) throws(APIError) -> ReviewStatus? in
                text == "all" ? nil : try ReviewStatus.named(text, field: "status")
            }
            let reference = call.query("version")
            let ext = fileExtension(format)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("synthforge-export-\(UUID().uuidString).\(ext)").path
            let (version, summary, selection) = try await call.inOrg { access -> (Version, ExportSummary, String) in
                _ = try call.requireDataset(stored, in: access)
                guard let version = try DatasetRoutes.headOrReference(stored, reference, access: access) else {
                    throw APIError.notFound("a version of dataset '\(caller.unscoped(stored) ?? "")' (it has no records yet)")
                }
                let required = try Reviews.required(org: caller.org.id, dataset: stored, in: access.db)
                let status = asked ?? (required ? .approved : nil)
                var keep: (@Sendable (ManifestEntry) -> Bool)?
                if let status {
                    try RecordIndex.ensure(version, in: access.store)
                    let ids = try RecordIndex.ids(of: version, status: status, org: caller.org.id, in: access.db)
                    keep = { ids.contains($0.id) }
                }
                let selection =
                    switch (status, asked == nil && required) {
                    case (let status?, true): "status=\(status.rawValue) (the dataset requires review)"
                    case (let status?, false): "status=\(status.rawValue)"
                    case (nil, _): "all"
                    }
                let summary = try Exporter.run(
                    ExportRequest(format: format, out: path), input: VersionInput(store: access.store, version: version, keep: keep))
                return (version, summary, selection)
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
            var headers: HTTPFields = [
                .contentType: mediaType(ext),
                .contentDisposition: "attachment; filename=\"\(call.parameterName(stored))-\(version.short).\(ext)\"",
            ]
            headers[recordsHeader] = String(summary.total)
            headers[selectionHeader] = selection
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody(contentLength: size) { writer in
                    defer { try? FileManager.default.removeItem(atPath: path) }
                    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
                    defer { try? handle.close() }
                    while let data = try handle.read(upToCount: 1 << 16), !data.isEmpty {
                        try await writer.write(ByteBuffer(bytes: data))
                    }
                    try await writer.finish(nil)
                })
        },
    ]
}

extension APICall {
    /// The caller's name for a stored object, safe in a file name.
    fileprivate func parameterName(_ stored: String) -> String {
        let name = try? caller.unscoped(stored)
        return String((name ?? "dataset").map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
    }
}
