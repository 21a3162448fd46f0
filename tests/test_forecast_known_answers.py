"""Known-answer tests for the forecast kernels and the reconciliation algebra.

Provenance of every expected value is given beside it: worked by hand (the arithmetic is in
the comment) or frozen from a reference implementation run once with fixed parameters
(statsmodels 0.15.0 Holt-Winters; statsforecast 2.1.1 ``statsforecast.theta.thetamodel``).
statsmodels (a dev dependency) is also run live beside the frozen values, so that a kernel and
its reference are compared on more than one hand-picked case. Kernels choose parameters from a grid; a one-point grid
fixes them, which is what these tests do.

Convention checked here: a kernel's state starts *at* the first observation (level = y0,
slope = mean of the first three differences) and the recursion runs from y1, i.e. it
equals the reference run on y[1:] with that known initial state.
"""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

from talentcast.forecast import core

# The package re-exports the function ``reconcile``, which hides the module of that name.
rec = importlib.import_module("talentcast.forecast.reconcile")

Y = np.array([[10.0, 12.0, 13.0, 15.0, 14.0, 17.0, 19.0, 18.0]])


def test_naive_and_drift_by_hand():
    y = np.array([[1.0, 2.0, 4.0]])
    np.testing.assert_allclose(core.naive(y, 2), [[4.0, 4.0]])
    # slope (4 - 1) / 2 = 1.5: 4 + 1.5, 4 + 3
    np.testing.assert_allclose(core.drift(y, 2), [[5.5, 7.0]])
    # damping 0.5 halves the slope: 4 + 0.75, 4 + 1.5
    np.testing.assert_allclose(core.drift(y, 2, damping=0.5), [[4.75, 5.5]])


def test_drift_ignores_left_padding():
    y = np.array([[np.nan, np.nan, 1.0, 2.0, 4.0]])
    np.testing.assert_allclose(core.drift(y, 1), [[5.5]])


def test_ses_by_hand_and_statsmodels():
    # alpha 0.5 on 10, 12, 13 from level 10: 10 + .5*2 = 11; 11 + .5*2 = 12.
    np.testing.assert_allclose(core.ses(np.array([[10.0, 12.0, 13.0]]), 2, alphas=np.array([0.5])), [[12.0, 12.0]])
    # statsmodels SimpleExpSmoothing(Y[0, 1:], initialization_method="known", initial_level=10)
    #   .fit(smoothing_level=0.3, optimized=False).forecast(2)
    np.testing.assert_allclose(core.ses(Y, 2, alphas=np.array([0.3])), [[16.3126024, 16.3126024]], rtol=1e-8)


@pytest.mark.parametrize("alpha", [0.1, 0.3, 0.6, 0.9])
def test_ses_equals_statsmodels_live(alpha):
    from statsmodels.tsa.holtwinters import SimpleExpSmoothing

    rng = np.random.default_rng(int(alpha * 10))
    y = 100 + np.cumsum(rng.normal(1.0, 3.0, 12))
    ref = SimpleExpSmoothing(y[1:], initialization_method="known", initial_level=y[0]).fit(
        smoothing_level=alpha, optimized=False).forecast(3)
    np.testing.assert_allclose(core.ses(y[None, :], 3, alphas=np.array([alpha])), [ref], rtol=1e-10)


@pytest.mark.parametrize("alpha,beta,phi", [(0.4, 0.25, 0.9), (0.2, 0.5, 0.8), (0.8, 0.1, 0.98)])
def test_damped_holt_equals_statsmodels_live(alpha, beta, phi):
    from statsmodels.tsa.holtwinters import Holt

    rng = np.random.default_rng(int(phi * 100))
    y = 50 + np.cumsum(rng.normal(2.0, 2.5, 14))
    slope0 = (y[3] - y[0]) / 3  # the kernel's initial slope: mean of the first three differences
    ref = Holt(y[1:], damped_trend=True, initialization_method="known", initial_level=y[0], initial_trend=slope0).fit(
        smoothing_level=alpha, smoothing_trend=beta, damping_trend=phi, optimized=False).forecast(4)
    got = core.damped_holt(y[None, :], 4, alphas=(alpha,), betas=(beta,), phis=(phi,))
    np.testing.assert_allclose(got, [ref], rtol=1e-10)


def test_damped_holt_matches_statsmodels():
    # statsmodels Holt(Y[0, 1:], damped_trend=True, initialization_method="known",
    #   initial_level=10, initial_trend=(15 - 10) / 3).fit(smoothing_level=0.4,
    #   smoothing_trend=0.25, damping_trend=0.9, optimized=False).forecast(3)
    # (our beta is given as a fraction of alpha: 0.25 here, as statsmodels' beta*.)
    got = core.damped_holt(Y, 3, alphas=(0.4,), betas=(0.25,), phis=(0.9,))
    np.testing.assert_allclose(got, [[19.35795436, 20.06897522, 20.70889399]], rtol=1e-8)


def test_theta_is_ses_with_half_the_ols_slope_by_hand():
    # y = 1, 2, 3, 4: OLS slope 1, theta 2 -> drift 0.5 per step, alpha 0.5, level from 1:
    # t1: f = 1.5, e = .5, level = 1.5 + .25 = 1.75; t2: f = 2.25, e = .75 -> 2.625;
    # t3: f = 3.125, e = .875 -> 3.5625. Forecasts 3.5625 + .5 k.
    got = core.theta(np.array([[1.0, 2.0, 3.0, 4.0]]), 2, thetas=(2.0,), alphas=np.array([0.5]))
    np.testing.assert_allclose(got, [[4.0625, 4.5625]])


def test_dynamic_theta_matches_statsforecast_dotm():
    # statsforecast.theta.thetamodel(Y[0], 1, "DOTM", initial_smoothed=10, alpha=0.5,
    #   theta=2.0, nmse=3), then forecast_theta(obj, 3)["mean"] (statsforecast 2.1.1).
    got = core.dynamic_theta(Y, 3, alphas=(0.5,), thetas=(2.0,))
    np.testing.assert_allclose(got, [[18.82380022, 19.33863633, 19.8193249]], rtol=1e-8)


def test_dynamic_theta_with_theta_one_is_ses():
    # theta = 1 removes the trend line (weight 1 - 1/theta = 0): DOTM reduces to SES.
    np.testing.assert_allclose(
        core.dynamic_theta(Y, 2, alphas=(0.4,), thetas=(1.0,)), core.ses(Y, 2, alphas=np.array([0.4])), rtol=1e-12
    )


def test_dynamic_theta_trend_line_is_ols():
    # The recursively updated line (A, B) must be the OLS line through the history: on an
    # exactly linear series the one-step fit errors after start-up are those of SES on a
    # line, and with alpha = 1 (level = last value) and theta = 2 the forecast is
    # y_n + 0.5 * B * k ... worked: y = 3 + 2t, n = 6 -> last 13, B = 2; alpha 1 makes
    # (1 - alpha)^n = 0, so f_{n+1} = 13 + 0.5 * 2 = 14; then the forecast is fed back.
    y = (3.0 + 2.0 * np.arange(6))[None, :]
    got = core.dynamic_theta(y, 1, alphas=(0.99999999,), thetas=(2.0,))
    np.testing.assert_allclose(got, [[14.0]], rtol=1e-6)


def _hier() -> pd.DataFrame:
    return pd.DataFrame({"parent": ["T", "T"], "child": ["A", "B"]})


def _base(t: float, a: float, b: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "series_id": ["T", "A", "B"],
            "period": [2020] * 3,
            "mean": [t, a, b],
            "lo_80": [t - 1, a - 1, b - 1],
            "hi_80": [t + 1, a + 1, b + 1],
            "model": ["ensemble"] * 3,
        }
    )


def test_ols_reconciliation_by_hand():
    # Incoherence T - (A + B) = 10 - 8 = 2; OLS shares it equally over the three nodes:
    # A = 3 + 2/3, B = 5 + 2/3, T = 10 - 2/3 (G = (S'S)^-1 S', S'S = [[2, 1], [1, 2]]).
    out = rec.reconcile(_base(10, 3, 5), _hier(), "ols").set_index("series_id")
    np.testing.assert_allclose(out.loc[["T", "A", "B"], "mean"], [28 / 3, 11 / 3, 17 / 3])
    # Intervals keep their width and move with the mean.
    np.testing.assert_allclose(out.loc["A", "hi_80"] - out.loc["A", "lo_80"], 2.0)
    assert (out["model"] == "ensemble+ols").all()


def test_bottom_up_by_hand():
    out = rec.reconcile(_base(10, 3, 5), _hier(), "bottom_up").set_index("series_id")
    np.testing.assert_allclose(out.loc[["T", "A", "B"], "mean"], [8, 3, 5])


def test_wls_scale_shares_incoherence_in_proportion_to_variance():
    # No history: W = diag(level^2) = diag(100, 9, 25), total 134. The gap d = 2 goes to
    # each node in proportion to its variance: A + 2*9/134, B + 2*25/134, T - 2*100/134.
    out = rec.reconcile(_base(10, 3, 5), _hier(), "mint_shrink").set_index("series_id")
    np.testing.assert_allclose(
        out.loc[["T", "A", "B"], "mean"], [10 - 200 / 134, 3 + 18 / 134, 5 + 50 / 134], rtol=1e-10
    )
    assert (out["model"] == "ensemble+wls_scale").all()


def test_mint_with_full_covariance_equals_projection_form(monkeypatch):
    # MinT ỹ = S (S'W⁻¹S)⁻¹ S'W⁻¹ ŷ equals the projection ŷ − W C'(C W C')⁻¹ C ŷ with the
    # constraint C = [1, −1, −1] (Wickramasuriya et al. 2019, eq. 9 vs 10). For a W with
    # correlations the adjustment is −W C' d / (C W C') with d = C ŷ = 2.
    W = np.array([[4.0, 1.0, 0.5], [1.0, 2.0, 0.3], [0.5, 0.3, 1.0]])
    monkeypatch.setattr(rec, "_one_step_errors", lambda *a, **k: np.ones((5, 3)))
    monkeypatch.setattr(rec, "_shrunk_covariance", lambda E: (W, 0.0))
    hist = pd.DataFrame({"series_id": ["T"], "period": [2019], "value": [1.0]})
    out = rec.reconcile(_base(10, 3, 5), _hier(), "mint_shrink", history_df=hist).set_index("series_id")
    C = np.array([1.0, -1.0, -1.0])
    yhat = np.array([10.0, 3.0, 5.0])
    want = yhat - W @ C * (C @ yhat) / (C @ W @ C)
    # Worked: W C' = (2.5, -1.3, -0.8), C W C' = 2.5 + 1.3 + 0.8 = 4.6 -> adjustments (-1.0870, 0.5652, 0.3478).
    np.testing.assert_allclose(want, [10 - 5 / 4.6, 3 + 2.6 / 4.6, 5 + 1.6 / 4.6])
    np.testing.assert_allclose(out.loc[["T", "A", "B"], "mean"], want, rtol=1e-10)
    assert out.loc["T", "mean"] == pytest.approx(out.loc["A", "mean"] + out.loc["B", "mean"])


@pytest.mark.slow
def test_exponential_smoothing_kernels_agree_with_statsmodels_live():
    """The same references as above, computed now by statsmodels (a core dependency)."""
    from statsmodels.tsa.holtwinters import Holt, SimpleExpSmoothing

    rng = np.random.default_rng(7)
    y = 100 + np.cumsum(rng.normal(1.0, 3.0, 15))
    b0 = (y[3] - y[0]) / 3
    for a, bf, phi in [(0.3, 0.1, 0.85), (0.7, 0.5, 0.95)]:
        want = (
            Holt(y[1:], damped_trend=True, initialization_method="known", initial_level=y[0], initial_trend=b0)
            .fit(smoothing_level=a, smoothing_trend=bf, damping_trend=phi, optimized=False)
            .forecast(4)
        )
        np.testing.assert_allclose(core.damped_holt(y[None], 4, alphas=(a,), betas=(bf,), phis=(phi,))[0], want, rtol=1e-9)
        want = SimpleExpSmoothing(y[1:], initialization_method="known", initial_level=y[0]).fit(smoothing_level=a, optimized=False).forecast(2)
        np.testing.assert_allclose(core.ses(y[None], 2, alphas=np.array([a]))[0], want, rtol=1e-9)


def test_dynamic_theta_searches_thetas_above_five():
    """Made-up accelerating series (yearly changes 4, 5, …, 12): the in-sample error keeps
    falling as theta grows, so the search must reach past the old cap of 5 (issue 14)."""
    y = np.array([[100, 104, 109, 115, 122, 130, 139, 149, 160, 172.0]])
    got = core.dynamic_theta(y, 3)
    assert max(core.DOTM_THETAS) > 5
    np.testing.assert_allclose(got, core.dynamic_theta(y, 3, thetas=(20.0,)), rtol=1e-12)
    capped = core.dynamic_theta(y, 3, thetas=tuple(t for t in core.DOTM_THETAS if t <= 5))
    assert (got > capped + 1.0).all()
