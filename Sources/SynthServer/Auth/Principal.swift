/// Who is making a request: a member of one organization, signed in with an API key or a session.
public struct Principal: Sendable, Hashable {
    /// The organization every object the request touches must belong to.
    public var org: Org
    /// The member's user id.
    public var userID: Int64
    /// The member's email, as the audit log and version authors show them.
    public var email: String
    /// What the request may do: the member's role, or less when the key was made with less.
    public var role: Role
    /// The API key used, or nil for a session.
    public var keyID: Int64?

    /// The store's name for an object (dataset, template) of this organization called `name`:
    /// every name lives under the organization's slug, so two organizations never meet.
    public func scoped(_ name: String) -> String { org.slug + "/" + name }

    /// The organization's own name for a store name, or nil when it belongs to another organization.
    public func unscoped(_ stored: String) -> String? {
        stored.hasPrefix(org.slug + "/") ? String(stored.dropFirst(org.slug.count + 1)) : nil
    }
}

/// An organization: the unit of isolation.
public struct Org: Sendable, Hashable {
    public var id: Int64
    /// Its short name, used as the prefix of its objects in the store.
    public var slug: String
    public var name: String

    public init(id: Int64, slug: String, name: String) {
        self.id = id
        self.slug = slug
        self.name = name
    }
}
