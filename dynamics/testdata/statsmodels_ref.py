# Reference values for dynamics_test.go: python3 -m venv v && v/bin/pip install statsmodels && v/bin/python statsmodels_ref.py
# (statsmodels 0.15.0, scipy 1.10.1)
import numpy as np, statsmodels.api as sm
from scipy.stats import mannwhitneyu
x=np.array([0,1,2,3,4,5,6,7,8,9],float); y=np.array([0,0,1,0,0,1,0,1,1,1])
r=sm.Logit(y,sm.add_constant(x)).fit(disp=0)
print(repr(r.params), repr(r.bse), repr(r.tvalues), repr(r.pvalues))
u=mannwhitneyu(x[y==1],x[y==0]).statistic; print("auc",u/(5*5))
x2=np.array([1,1,2,2,3,3,3,4]); y2=np.array([0,1,0,0,1,1,0,1])
u=mannwhitneyu(x2[y2==1],x2[y2==0]).statistic; print("auc ties",u/(4*4))
