"""A mixed table of N rows built from statsmodels' `fair` (6366 rows) resampled with noise, plus labels and dates."""
import sys
import numpy as np, pandas as pd, statsmodels.api as sm

out, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(7)
fair = sm.datasets.fair.load_pandas().data
df = fair.iloc[rng.integers(0, len(fair), n)].reset_index(drop=True)
df['affairs'] = (df['affairs'] * rng.uniform(0.9, 1.1, n)).round(3)
df['income'] = (20000 + 4000 * df['educ'] + rng.normal(0, 8000, n)).round(2)
df.loc[rng.random(n) < 0.08, 'income'] = np.nan
df['region'] = rng.choice(['north', 'south', 'east', 'west'], n, p=[0.4, 0.3, 0.2, 0.1])
df['member'] = df['rate_marriage'] + rng.normal(0, 1, n) > 3.5
df['joined'] = pd.to_datetime('2015-01-01') + pd.to_timedelta((df['yrs_married'] * 200 + rng.integers(0, 300, n)).astype(int), unit='D')
df['joined'] = df['joined'].dt.strftime('%Y-%m-%d')
df.to_csv(out, index=False)
