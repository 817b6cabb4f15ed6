import Foundation
import SynthCore
import SynthStore

/// How dataset and template handlers reach the caller's organization's objects in the store:
/// names checked, scoped under the organization's slug, another organization's objects not
/// found, and the slug taken out of the store's messages again.
extension APICall {
    /// A dataset or template name from the path or a body's `field`: a 400 naming the field
    /// unless it is a valid store name without `/`.
    func checkedName(_ name: String, field: String, kind: String) throws(APIError) -> String {
        let caller = try self.caller
        do throws(SynthError) {
            try Store.checkName(name, kind: kind)
            try Store.checkName(caller.scoped(name), kind: kind)
        } catch {
            throw APIError.invalid(
                field,
                "'\(name)' is not a valid \(kind) name: use letters, digits, '.', '_' and '-', up to \(99 - caller.org.slug.count) characters, not starting with '.' or '-'"
            )
        }
        guard !name.contains("/") else {
            throw APIError.invalid(field, "'\(name)' is not a valid \(kind) name: no '/'")
        }
        return name
    }

    /// The store's name of the dataset the path names (`{dataset}`), checked.
    func datasetParameter() throws(APIError) -> String {
        try caller.scoped(checkedName(parameter("dataset"), field: "dataset", kind: "dataset"))
    }

    /// Runs `body` on a store connection, with the organization's prefix taken out of any error's message.
    func inOrg<T>(_ body: (StoreAccess) throws -> T) async throws -> T {
        let prefix = try caller.org.slug + "/"
        do {
            return try await store(body)
        } catch var error as APIError {
            error.message = error.message.replacingOccurrences(of: prefix, with: "")
            throw error
        }
    }

    /// The caller's dataset stored as `stored`, or a 404 that names it as the caller knows it.
    func requireDataset(_ stored: String, in access: StoreAccess) throws -> DatasetInfo {
        guard let info = try access.store.dataset(stored) else {
            let name = try caller.unscoped(stored) ?? stored
            throw APIError.notFound("dataset '\(name)'")
        }
        return info
    }

    /// A query parameter that must be a number, or nil when absent.
    func numberQuery(_ name: String) throws(APIError) -> Double? {
        guard let text = query(name) else { return nil }
        guard let n = Double(text), n.isFinite else { throw APIError.invalid(name, "'\(name)' must be a number; got '\(text)'") }
        return n
    }
}
