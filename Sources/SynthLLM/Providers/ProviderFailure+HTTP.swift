import SynthCore

extension ProviderFailure {
    /// The failure an HTTP error answer stands for, sorted by status.
    ///
    /// 429 is `rateLimited`; 503 and 529 (Anthropic's "overloaded") are `overloaded`; other 5xx are `server`;
    /// 401 and 403 are `unauthorized`; other 4xx are `badRequest`, carrying the server's own error message.
    /// - Parameters:
    ///   - status: the HTTP status, 400 or above.
    ///   - retryAfter: the `Retry-After` header, if the answer had one.
    ///   - body: the answer's body, where APIs put their error message.
    ///   - now: the current time in seconds since 1970, to turn an HTTP date into a wait.
    public init(status: Int, retryAfter: String?, body: [UInt8], now: Double) {
        let message = Self.errorMessage(in: body)
        let wait = retryAfter.flatMap { Self.parseRetryAfter($0, now: now) }
        switch status {
        case 429: self.init(.rateLimited, status: status, retryAfter: wait, "rate limited: \(message)")
        case 503, 529: self.init(.overloaded, status: status, retryAfter: wait, "server overloaded: \(message)")
        case 500...: self.init(.server, status: status, retryAfter: wait, "server error: \(message)")
        case 401, 403: self.init(.unauthorized, status: status, "the server refused the API key: \(message)")
        default: self.init(.badRequest, status: status, "the server rejected the request: \(message)")
        }
    }

    /// Reads a `Retry-After` value: whole or decimal seconds, or an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
    ///
    /// A date in the past means no wait; a value that is neither gives nil.
    public static func parseRetryAfter(_ value: String, now: Double) -> Duration? {
        let text = value.trimmingSpaces
        if let seconds = Double(text), seconds >= 0, seconds.isFinite { return .milliseconds(Int64((seconds * 1000).rounded())) }
        guard let date = httpDate(text) else { return nil }
        return .milliseconds(Int64((max(0, date - now) * 1000).rounded()))
    }

    /// Seconds since 1970 of an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`, the form servers must send.
    static func httpDate(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
            let day = Int(parts[1]), let year = Int(parts[3]),
            let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].firstIndex(
                of: String(parts[2]))
        else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (1...31).contains(day), clock[0] < 24, clock[1] < 60, clock[2] < 61 else { return nil }
        let days = daysSince1970(year: year, month: month + 1, day: day)
        return Double(days * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2])
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (counting eras of 400 years from March 1).
    private static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The error message in an API's error body: `error.message` (OpenAI, Anthropic, llama.cpp), `error`, `message`
    /// or `detail`; otherwise the start of the body itself.
    public static func errorMessage(in body: [UInt8]) -> String {
        if let json = try? JSONParser.parse(body), let object = json.objectValue {
            let error = object["error"]
            if let message = error?.objectValue?["message"]?.stringValue { return message }
            for candidate in [error, object["message"], object["detail"]] {
                if let text = candidate?.stringValue { return text }
                if let value = candidate, !value.isNull { return JSONWriter.string(value) }
            }
        }
        return excerpt(body)
    }

    /// The start of a body as text, for messages about answers that are not what was expected.
    public static func excerpt(_ body: [UInt8]) -> String {
        if body.isEmpty { return "(empty body)" }
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingSpaces
        return body.count > 200 ? text + "…" : text
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
