/// Recognises columns of personal data from their name and cells, so they are faked, never copied.
///
/// A deliberately small test: the column-level PII scan (emails, phones, names) in the quality
/// module works on prose; here a header and a sample of cells decide.
enum PersonalData {
    /// The kind of personal data a column holds (`email`, `phone`, `name`, `address`, `ssn`), or nil.
    static func kind(name: String, cells: [Substring?]) -> String? {
        let sample = cells.lazy.compactMap { $0 }.prefix(200)
        guard !sample.isEmpty else { return nil }
        let share = { (test: (Substring) -> Bool) in Double(sample.filter(test).count) / Double(sample.count) }
        if share(isEmail) > 0.8 { return "email" }
        if share(isPhone) > 0.8 { return "phone" }
        let lower = name.lowercased()
        for (hint, kind) in [("email", "email"), ("phone", "phone"), ("ssn", "ssn"), ("address", "address"), ("name", "name")]
        where lower.contains(hint) {
            return kind
        }
        return nil
    }

    private static func isEmail(_ cell: Substring) -> Bool {
        guard let at = cell.firstIndex(of: "@"), at > cell.startIndex else { return false }
        let domain = cell[cell.index(after: at)...]
        return domain.contains(".") && !domain.contains("@") && !cell.contains(" ")
    }

    private static func isPhone(_ cell: Substring) -> Bool {
        let digits = cell.filter(\.isNumber).count
        return digits >= 7 && digits <= 15 && cell.allSatisfy { $0.isNumber || "+-() .".contains($0) }
            && cell.contains(where: { "-() ".contains($0) })
    }
}
