"""SDV's GaussianCopulaSynthesizer: fit on the real CSV, sample N rows."""
import sys, time, warnings
import pandas as pd
from sdv.metadata import Metadata
from sdv.single_table import GaussianCopulaSynthesizer

warnings.filterwarnings('ignore')
real, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.perf_counter()
df = pd.read_csv(real)
metadata = Metadata.detect_from_dataframes({'t': df})
synth = GaussianCopulaSynthesizer(metadata)
# sdv 2.0 takes and returns {table name: DataFrame}.
synth.fit({'t': df})
sampled = synth.sample(n)
(sampled['t'] if isinstance(sampled, dict) else sampled).to_csv(out, index=False)
print(f"read + fit + sample + write, without imports: {time.perf_counter() - start:.2f} s")
