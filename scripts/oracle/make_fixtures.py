#!/usr/bin/env python3
"""Oracle fixtures for the Swift Attribution module (run by hand; CI has no Python).

Builds three synthetic daily data sets, builds their design matrices here *independently* of the
Swift code (same spec: intercept, trend t/365.25, Tue..Sun dummies, yearly Fourier pairs,
Belgian public holidays, normalised geometric carry-over columns), fits them with statsmodels and
writes, per data set, into Tests/AttributionTests/Fixtures/:

  <name>.csv   date, y, and every design column (shortest round-trip decimal)
  <name>.json  campaigns (with the carry-over used), Fourier terms, column names and, for
               Poisson, quasi-Poisson (scale="X2") and NB2 (GLM at the profile-likelihood alpha),
               coefficients, standard errors, scale, deviance, Pearson chi2, log-likelihood;
               plus NB2 alpha from the discrete NegativeBinomial MLE and from a 1-D profile search.

The design matrix is passed to sm.GLM as a plain array (no patsy formula).

Usage:  pip install statsmodels pandas && python3 scripts/oracle/make_fixtures.py
"""
import datetime as dt
import json
import math
import os
import sys

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from dateutil.easter import easter
from scipy.optimize import minimize_scalar

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "AttributionTests", "Fixtures")
TOL = 1e-13


def belgian_holidays(years):
    out = set()
    for y in years:
        e = easter(y)
        for d in [dt.date(y, 1, 1), e + dt.timedelta(days=1), dt.date(y, 5, 1), e + dt.timedelta(days=39),
                  e + dt.timedelta(days=50), dt.date(y, 7, 21), dt.date(y, 8, 15), dt.date(y, 11, 1),
                  dt.date(y, 11, 11), dt.date(y, 12, 25)]:
            out.add(d)
    return out


def effective_fourier(requested, days):
    if days < 365:
        return 0
    if days < 730:
        return min(requested, 2)
    return requested


def adstock(on, lam):
    z = np.zeros(len(on))
    acc = 0.0
    for t, v in enumerate(on):
        acc = lam * acc + (1 - lam) * v
        z[t] = acc
    return z


def design(start, days, fourier, campaigns):
    dates = [start + dt.timedelta(days=i) for i in range(days)]
    cols, names = [], []
    cols.append(np.ones(days)); names.append("intercept")
    cols.append(np.array([i / 365.25 for i in range(days)])); names.append("trend")
    for d, lab in zip(range(2, 8), ["tue", "wed", "thu", "fri", "sat", "sun"]):
        cols.append(np.array([1.0 if x.isoweekday() == d else 0.0 for x in dates])); names.append("dow_" + lab)
    k = effective_fourier(fourier, days)
    doy = [x.timetuple().tm_yday for x in dates]
    for kk in range(1, k + 1):
        f = 2 * math.pi * kk / 365.25
        cols.append(np.array([math.sin(f * v) for v in doy])); names.append("sin%d" % kk)
        cols.append(np.array([math.cos(f * v) for v in doy])); names.append("cos%d" % kk)
    hol = belgian_holidays(range(dates[0].year, dates[-1].year + 1))
    h = np.array([1.0 if x in hol else 0.0 for x in dates])
    if h.any():
        cols.append(h); names.append("holiday:public holiday")
    for c in campaigns:
        a = (dt.date.fromisoformat(c["start"]) - start).days
        b = (dt.date.fromisoformat(c["end"]) - start).days
        on = np.array([1.0 if a <= i <= b else 0.0 for i in range(days)])
        cols.append(adstock(on, c["lambda"])); names.append("campaign:" + c["id"])
    return dates, np.column_stack(cols), names, k


def simulate(rng, X, names, truth, alpha):
    beta = np.array([truth.get(n, 0.0) for n in names])
    mu = np.exp(X @ beta)
    if alpha > 0:
        lam = rng.gamma(shape=1 / alpha, scale=alpha * mu)
        return rng.poisson(lam).astype(float)
    return rng.poisson(mu).astype(float)


def glm_summary(res):
    return {
        "params": res.params.tolist(),
        "bse": res.bse.tolist(),
        "scale": float(res.scale),
        "deviance": float(res.deviance),
        "pearson_chi2": float(res.pearson_chi2),
        "llf": float(res.llf),
        "iterations": int(res.fit_history["iteration"]),
    }


def make(name, start, days, fourier, campaigns, truth, alpha, seed):
    dates, X, names, k = design(start, days, fourier, campaigns)
    rng = np.random.default_rng(seed)
    y = simulate(rng, X, names, truth, alpha)
    pois = sm.GLM(y, X, family=sm.families.Poisson()).fit(tol=TOL, maxiter=300)
    qp = sm.GLM(y, X, family=sm.families.Poisson()).fit(scale="X2", tol=TOL, maxiter=300)
    disc0 = sm.NegativeBinomial(y, X, loglike_method="nb2").fit(disp=0, maxiter=1000)
    disc = sm.NegativeBinomial(y, X, loglike_method="nb2").fit(
        start_params=disc0.params, method="newton", maxiter=100, tol=1e-12, disp=0)
    alpha_discrete = float(disc.params[-1])

    def neg_profile(log_a):
        r = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=math.exp(log_a))).fit(tol=TOL, maxiter=300)
        return -r.llf

    prof = minimize_scalar(neg_profile, bracket=(math.log(alpha_discrete) - 0.5, math.log(alpha_discrete) + 0.5),
                           method="brent", options={"xtol": 1e-12})
    alpha_profile = math.exp(prof.x)
    nb = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=alpha_profile)).fit(tol=TOL, maxiter=300)
    with open(os.path.join(OUT, name + ".csv"), "w") as f:
        f.write(",".join(["date", "y"] + names) + "\n")
        for i in range(days):
            row = [dates[i].isoformat(), repr(float(y[i]))] + [repr(float(v)) if v not in (0.0, 1.0) else str(int(v)) for v in X[i]]
            f.write(",".join(row) + "\n")
    meta = {
        "name": name,
        "generator": "scripts/oracle/make_fixtures.py",
        "versions": {"statsmodels": statsmodels.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
                     "python": sys.version.split()[0]},
        "start": start.isoformat(), "days": days,
        "fourierTermsRequested": fourier, "fourierTerms": k,
        "holidays": "belgium", "campaigns": campaigns,
        "truth": truth, "trueAlpha": alpha, "seed": seed,
        "columns": names,
        "poisson": glm_summary(pois),
        "quasi_poisson": glm_summary(qp),
        "negative_binomial": dict(glm_summary(nb), alpha=alpha_profile, alpha_profile=alpha_profile,
                                  alpha_discrete=alpha_discrete, llf_discrete=float(disc.llf)),
    }
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(name, "n=%d p=%d alpha_profile=%.10g alpha_discrete=%.10g" % (days, len(names), alpha_profile, alpha_discrete))


def main():
    os.makedirs(OUT, exist_ok=True)
    make("nb_three_years", dt.date(2021, 1, 1), 1095, 2,
         [{"id": "A", "start": "2022-03-01", "end": "2022-04-15", "lambda": 0.0},
          {"id": "B", "start": "2022-04-01", "end": "2022-05-10", "lambda": 0.0},
          {"id": "C", "start": "2022-10-03", "end": "2022-10-30", "lambda": 0.7},
          {"id": "D", "start": "2023-06-05", "end": "2023-07-16", "lambda": 0.0}],
         {"intercept": math.log(22.0), "trend": 0.08, "dow_tue": -0.05, "dow_wed": -0.08, "dow_thu": -0.1,
          "dow_fri": -0.15, "dow_sat": -0.45, "dow_sun": -0.55, "sin1": 0.12, "cos1": 0.08, "sin2": -0.04,
          "cos2": 0.03, "holiday:public holiday": -0.4, "campaign:A": 0.25, "campaign:B": 0.15,
          "campaign:C": 0.30, "campaign:D": 0.10},
         0.05, 20240501)
    make("small_counts_two_years", dt.date(2022, 3, 1), 730, 3,
         [{"id": "spring", "start": "2022-09-12", "end": "2022-10-09", "lambda": 0.5},
          {"id": "radio", "start": "2023-05-01", "end": "2023-05-21", "lambda": 0.0}],
         {"intercept": math.log(6.0), "trend": -0.05, "dow_sat": -0.6, "dow_sun": -0.7, "sin1": 0.2, "cos1": -0.1,
          "holiday:public holiday": -0.3, "campaign:spring": 0.35, "campaign:radio": 0.2},
         0.15, 7)
    make("short_high_counts", dt.date(2023, 2, 1), 300, 2,
         [{"id": "tv", "start": "2023-06-01", "end": "2023-06-30", "lambda": 0.8},
          {"id": "posters", "start": "2023-06-20", "end": "2023-07-20", "lambda": 0.0}],
         {"intercept": math.log(80.0), "trend": 0.1, "dow_tue": 0.05, "dow_sat": -0.3, "dow_sun": -0.4,
          "holiday:public holiday": -0.25, "campaign:tv": 0.2, "campaign:posters": 0.1},
         0.02, 99)


if __name__ == "__main__":
    main()
