/// What a member of an organization may do. Each role can do everything the roles below it can.
public enum Role: String, Sendable, CaseIterable, Comparable {
    /// Reads everything in the organization.
    case viewer
    /// Also approves and rejects records, and comments.
    case reviewer
    /// Also creates and changes datasets, templates, jobs and schedules.
    case editor
    /// Also manages members, API keys and webhooks, and reads the audit log.
    case admin
    /// Also changes and deletes the organization itself.
    case owner

    var rank: Int { Role.allCases.firstIndex(of: self)! }

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }

    /// True when this role may do what `permission` guards.
    public func allows(_ permission: Permission) -> Bool {
        guard let needed = permission.minimumRole else { return true }
        return self >= needed
    }
}

/// What a route needs of its caller; the route table names one for every route.
public enum Permission: String, Sendable, CaseIterable {
    /// Anyone, signed in or not (health, the OpenAPI document, login).
    case open
    /// Reading: viewer and above.
    case read
    /// Reviewing records and commenting: reviewer and above.
    case review
    /// Creating and changing content: editor and above.
    case write
    /// Managing members, keys, webhooks, the audit log: admin and above.
    case manage
    /// Changing the organization itself: owner only.
    case own

    /// The least role that has this permission; nil when no sign-in is needed.
    public var minimumRole: Role? {
        switch self {
        case .open: nil
        case .read: .viewer
        case .review: .reviewer
        case .write: .editor
        case .manage: .admin
        case .own: .owner
        }
    }
}
