/// A quality report as people read it: a title, key figures, and sections of tables and charts.
///
/// Built by whoever measured the data, rendered by `HTMLReport`; it holds no logic of its own.
public struct ReportDocument: Sendable {
    /// The report's title.
    public var title: String
    /// A line under the title (what was checked, when).
    public var subtitle: String
    /// Headline figures shown as cards.
    public var figures: [(label: String, value: String)]
    /// The sections, in order.
    public var sections: [Section]

    /// Makes a report.
    public init(title: String, subtitle: String, figures: [(label: String, value: String)], sections: [Section]) {
        self.title = title
        self.subtitle = subtitle
        self.figures = figures
        self.sections = sections
    }

    /// One part of a report.
    public struct Section: Sendable {
        /// The section's heading.
        public var title: String
        /// A sentence or two on what it shows.
        public var note: String
        /// Its content, in order.
        public var blocks: [Block]

        /// Makes a section.
        public init(title: String, note: String = "", blocks: [Block]) {
            self.title = title
            self.note = note
            self.blocks = blocks
        }
    }

    /// A table or a chart.
    public enum Block: Sendable {
        /// A table with a header row.
        case table(header: [String], rows: [[String]])
        /// A bar chart of labelled values.
        case bars(title: String, bars: [(label: String, value: Double)])
        /// A chart already drawn as inline SVG markup, placed as it is.
        case svg(String)
    }
}
