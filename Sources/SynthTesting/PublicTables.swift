import Foundation

/// Real public tables that ship inside PyPI packages, and sdmetrics' QualityReport run on them:
/// what the tabular tests fit on and score against.
public enum PublicTables {
    /// Writes statsmodels' `fair` (`fair.csv`, 6,366 rows) and sdmetrics' student placements demo
    /// (`students.csv`, 215 rows) into `folder` with the reference Python.
    public static func export(to folder: String) throws {
        _ = try Processes.python(
            """
            import os, shutil, sys, sdmetrics, statsmodels.api as sm
            sm.datasets.fair.load_pandas().data.to_csv(os.path.join(sys.argv[1], 'fair.csv'), index=False)
            demo = os.path.join(os.path.dirname(sdmetrics.__file__), 'demos', 'single_table', 'student_placements_real.csv')
            shutil.copy(demo, os.path.join(sys.argv[1], 'students.csv'))
            """, [folder])
    }

    /// sdmetrics' own metadata for the student placements demo, as JSON (`{"columns": {...}, ...}`).
    public static func studentMetadata() throws -> String {
        try Processes.python(
            """
            import json, os, sdmetrics
            path = os.path.join(os.path.dirname(sdmetrics.__file__), 'demos', 'single_table', 'metadata.json')
            print(json.dumps(json.load(open(path))['tables']['student_placements']))
            """)
    }

    /// sdmetrics' QualityReport score of the CSV `synthetic` against the CSV `real`, over the
    /// columns of `metadata` (JSON in sdmetrics' single-table form; datetimes are parsed first).
    public static func qualityScore(real: String, synthetic: String, metadata: String) throws -> Double {
        let output = try Processes.python(
            """
            import json, sys, warnings, pandas as pd
            warnings.filterwarnings('ignore')
            from sdmetrics.reports.single_table import QualityReport
            meta = json.loads(sys.argv[3])
            cols = list(meta['columns'])
            real, syn = pd.read_csv(sys.argv[1])[cols], pd.read_csv(sys.argv[2])[cols]
            for c, m in meta['columns'].items():
                if m['sdtype'] == 'datetime':
                    real[c], syn[c] = pd.to_datetime(real[c]), pd.to_datetime(syn[c])
            report = QualityReport()
            report.generate(real, syn, meta, verbose=False)
            print(report.get_score())
            """, [real, synthetic, metadata])
        guard let score = Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestFailure("sdmetrics printed '\(output)'")
        }
        return score
    }
}
