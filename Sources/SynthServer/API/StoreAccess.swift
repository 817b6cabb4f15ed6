import SynthCore
import SynthStore

/// A store connection lent to one request: the store itself and its database, for the server's tables.
public struct StoreAccess {
    public let store: Store
    public var db: any SQLDatabase { store.database }
}
