"""sdmetrics' QualityReport of each synthetic CSV against the real one."""
import sys, warnings
import pandas as pd
from sdmetrics.reports.single_table import QualityReport

warnings.filterwarnings('ignore')
real = pd.read_csv(sys.argv[1])
columns = {}
for c in real.columns:
    if real[c].dtype == bool: columns[c] = {'sdtype': 'boolean'}
    elif c == 'region': columns[c] = {'sdtype': 'categorical'}
    elif c == 'joined': columns[c] = {'sdtype': 'datetime', 'datetime_format': '%Y-%m-%d'}
    else: columns[c] = {'sdtype': 'numerical'}
for path in sys.argv[2:]:
    syn = pd.read_csv(path)
    r, s = real.copy(), syn.copy()
    r['joined'], s['joined'] = pd.to_datetime(r['joined']), pd.to_datetime(s['joined'])
    report = QualityReport()
    report.generate(r, s, {'columns': columns}, verbose=False)
    print(f"{path}: {report.get_score():.4f} {report.get_properties().to_dict('records')}")
